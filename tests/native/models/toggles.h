/* What ring.c and wave.c share: toggles that start Off (the state all zero), no final leaf (every
 * state without a step is a deadlock) and no liveness predicates. */
static void lf_model_init(lf_word *s) { (void)s; }

static int lf_model_final(const lf_word *s) {
    (void)s;
    return 0;
}

static int lf_model_pred(int k, const lf_word *s) {
    (void)k;
    (void)s;
    return 2;
}
