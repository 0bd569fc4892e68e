/* The step code shared by team.c and crew.c: NW workers (machine Worker of team.lfsm and
 * crew.lfsm) and a ticker, as checker/plan.py lays them out:
 *   worker i: clock t at bit 5i (2 bits, cap 3), leaf at 5i + 2 (3 bits: Ready 0, Working 1,
 *             Lazy 2, Done 3, Dead 4);
 *   ticker:   clock c at bit 5NW (2 bits, cap 2), leaf at 5NW + 2 (Off 0, On 1).
 * Moves: 0 tick; worker i from 1 + 5i: work (Ready), finish, dawdle, work (Lazy), crash;
 * the ticker's beat from Off at 1 + 5NW, from On at 2 + 5NW. Fair units: the tick 0, worker i's
 * work 1 + 2i and finish 2 + 2i, the ticker's beat 1 + 2NW. */
#define LF_WORDS 1
#define LF_BITS (5 * NW + 3)
#define LF_NMOVES (3 + 5 * NW)
#include "lf_runtime.h"

#define W_LEAF(s, i) (((s) >> (5 * (i) + 2)) & 7)
#define W_T(s, i) (((s) >> (5 * (i))) & 3)
#define T_OFF (5 * NW)
#define T_C(s) (((s) >> T_OFF) & 3)
#define T_LEAF(s) (((s) >> (T_OFF + 2)) & 1)

static const lf_word lf_model_mask[1] = {((lf_word)1 << LF_BITS) - 1};

static void lf_model_init(lf_word *s) { s[0] = 0; }

static int lf_model_final(const lf_word *s) {
    (void)s;
    return 0; /* the ticker has no final state */
}

static lf_word w_set_leaf(lf_word s, int i, lf_word leaf) {
    return (s & ~((lf_word)7 << (5 * i + 2))) | leaf << (5 * i + 2);
}

static void lf_model_expand(lf_ctx *X, const lf_word *s) {
    lf_word n[1];
    for (int i = 0; i < NW; i++) {
        int base = 1 + 5 * i;
        switch (W_LEAF(s[0], i)) {
        case 0: /* Ready: work (reset t), crash */
            n[0] = w_set_leaf(s[0] & ~((lf_word)3 << (5 * i)), i, 1);
            lf_succ(X, base, n);
            n[0] = w_set_leaf(s[0], i, 4);
            lf_succ(X, base + 4, n);
            break;
        case 1: /* Working: finish, dawdle, crash */
            n[0] = w_set_leaf(s[0], i, 3);
            lf_succ(X, base + 1, n);
            n[0] = w_set_leaf(s[0], i, 2);
            lf_succ(X, base + 2, n);
            n[0] = w_set_leaf(s[0], i, 4);
            lf_succ(X, base + 4, n);
            break;
        case 2: /* Lazy: work (reset t) */
            n[0] = w_set_leaf(s[0] & ~((lf_word)3 << (5 * i)), i, 1);
            lf_succ(X, base + 3, n);
            break;
        default:
            break;
        }
    }
    if (T_C(s[0]) >= 1) { /* beat: reset c, flip */
        n[0] = (s[0] & ~((lf_word)7 << T_OFF)) | (T_LEAF(s[0]) ^ 1) << (T_OFF + 2);
        lf_succ(X, T_LEAF(s[0]) ? 2 + 5 * NW : 1 + 5 * NW, n);
    }
    /* the tick: allowed when every Working worker keeps t <= 2 after the increment */
    for (int i = 0; i < NW; i++) {
        lf_word t = W_T(s[0], i);
        if (W_LEAF(s[0], i) == 1 && t + (t < 3) > 2) return;
    }
    lf_word d = 0;
    for (int i = 0; i < NW; i++)
        if (W_T(s[0], i) < 3) d += (lf_word)1 << (5 * i);
    if (T_C(s[0]) < 2) d += (lf_word)1 << T_OFF;
    if (d) {
        n[0] = s[0] + d;
        lf_succ(X, 0, n);
    }
}
