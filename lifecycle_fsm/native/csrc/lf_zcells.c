/* lf_zcells.c: the cell graph of one leads-to check in C, included after lf_zengine.c in a symbolic
 * module printed with the leads-to predicates (native/zprint.py, ``print_zmodule(plan, live=...)``).
 * lifecycle_fsm/zones/liveness.py's CellGraph.build is the reference, step for step and in the same
 * order (tests/zones/test_native_cells.py compares the two cell for cell):
 *
 * * a cell is a (discrete state, zone) piece uniform for Q, P, the enabledness of each fair move,
 *   whether a tick is allowed, each clock's cap, and (where neither the tick nor a fair move is
 *   enabled) the enabledness of every other move: the delay closure of an entry zone (lf_delay),
 *   widened (Extra_M), cut along those predicates in that order, pieces without integer points
 *   dropped; a piece equal to a cell of its state, or else included in one (the first), is that cell;
 * * the cells start from the roots: the parts of the zone graph's nodes (another module's store, read
 *   in place: lf_zview) where P holds and Q does not, node by node (cut along Q, then P), or for
 *   ``eventually`` the initial state at the origin; they are expanded depth first (a stack, last in
 *   first out), a cell where Q holds not at all (it ends every run that matters); the edges of a
 *   cell are each enabled move's successors (their cells), then the tick's (the cell one tick
 *   later, widened, within the invariants), duplicates dropped;
 * * the predicates come from the module: lf_zl(X, 2c, s) is Q of live check c, lf_zl(X, 2c + 1, s)
 *   its P; a move's enabledness is its guard run alone (guard_only, as lf_zdeadlocked runs it); the
 *   tick's cut is the invariants on the zone one tick later, translated back.
 *
 * A model error anywhere (a predicate, a guard, a step, an invariant) ends the build with LF_C_EVAL
 * (the Python build raises EvalError there: the tick check decides), more than ``budget`` cells
 * with LF_C_BUDGET. The graph stays in C until lf_zcells_free; Python reads it as arrays.
 */

enum { LF_C_EVAL = 7, LF_C_BUDGET = 8 };

typedef struct {
    int64_t *a;
    int64_t n, c;
} lf_i64s;

static int lf_i64s_add(lf_i64s *l, int64_t v) {
    if (l->n == l->c) {
        int64_t c = l->c ? 2 * l->c : 64;
        int64_t *a = realloc(l->a, sizeof(int64_t) * (size_t)c);
        if (!a) return 0;
        l->a = a;
        l->c = c;
    }
    l->a[l->n++] = v;
    return 1;
}

typedef struct {
    lf_word s[LF_WORDS];
    int64_t next;  /* the next cell of the same discrete state (insertion order), -1 */
    int64_t eoff;  /* its edges: CG.em/CG.et[eoff .. eoff + ecnt) */
    int64_t uoff;  /* its enabled moves: CG.un[uoff .. uoff + ucnt) (the tick is 0) */
    uint64_t hash; /* lf_cg_hash of (state, zone): the exact table grows without hashing again */
    int32_t ecnt, ucnt;
    unsigned char done, bad, root, pad;
} lf_cell;

typedef struct {
    lf_word s[LF_WORDS];
    int64_t off, cnt; /* its cells: CG.el[off .. off + cnt) */
    uint64_t hash;    /* lf_cg_hash of (state, entry zone) */
} lf_entry;

/* An open-addressing table of record indices keyed by (discrete state, zone), -1 empty. */
typedef struct {
    int64_t *slot;
    uint64_t mask;
    int kind; /* the records it indexes: 0 cells, 1 memo entries (lf_cg_state) */
} lf_cg_tab;

static struct {
    lf_cell *cell;
    lf_bound *zone; /* LF_ZN per cell */
    unsigned char *sat; /* LF_DIM per cell: clock x saturated (at or above its cap) */
    int64_t n, c;
    lf_entry *entry;
    lf_bound *ezone; /* the entry zone of each memo entry */
    int64_t en, ec;
    lf_i64s em, et, un, el, todo, out;
    /* open addressing, -1 empty: discrete state -> [first cell, last cell]; (state, zone) -> cell;
     * (state, entry zone) -> memo entry */
    int64_t *sfirst, *slast;
    uint64_t smask, nstates;
    lf_cg_tab x; /* (state, cell zone) -> cell */
    lf_cg_tab e; /* (state, entry zone) -> memo entry */
    int32_t m[LF_DIM], caps[LF_DIM], row0[LF_DIM];
    unsigned char fair[LF_NMOVES + 1];
    int lm[LF_NMOVES + 1]; /* the moves whose source leaves hold at the state being cut */
    int live, lhs; /* the live check's index; whether it has a P (else: eventually) */
    lf_ctx *X, *D, *XI, *P;
    lf_zlist dl, pa, pb, po, ma, mb, cut, fail, tin, ra, rb;
    int32_t *fdepth;
    int64_t nfdepth;
} CG;

static uint64_t lf_cg_hash(const lf_word *s, const lf_bound *z) {
    uint64_t h = lf_zhash(s);
    return z ? h ^ lf_dbm_hash(z, LF_DIM) * 0x9E3779B97F4A7C15ull : h;
}

static int64_t *lf_cg_table(uint64_t cap) {
    int64_t *t = malloc(sizeof(int64_t) * cap);
    if (t)
        for (uint64_t i = 0; i < cap; i++) t[i] = -1;
    return t;
}

/* ---- the tables -------------------------------------------------------------------------------- */

static uint64_t lf_cg_sfind(const lf_word *s) {
    uint64_t h = lf_cg_hash(s, NULL) & CG.smask;
    while (CG.sfirst[h] >= 0 && memcmp(CG.cell[CG.sfirst[h]].s, s, sizeof(lf_word) * LF_WORDS) != 0)
        h = (h + 1) & CG.smask;
    return h;
}

static int lf_cg_sgrow(void) {
    uint64_t cap = CG.smask ? 2 * (CG.smask + 1) : 1024;
    int64_t *f = lf_cg_table(cap), *l = lf_cg_table(cap);
    if (!f || !l) {
        free(f);
        free(l);
        return 0;
    }
    for (uint64_t i = 0; CG.smask && i <= CG.smask; i++) {
        if (CG.sfirst[i] < 0) continue;
        uint64_t h = lf_cg_hash(CG.cell[CG.sfirst[i]].s, NULL) & (cap - 1);
        while (f[h] >= 0) h = (h + 1) & (cap - 1);
        f[h] = CG.sfirst[i];
        l[h] = CG.slast[i];
    }
    free(CG.sfirst);
    free(CG.slast);
    CG.sfirst = f;
    CG.slast = l;
    CG.smask = cap - 1;
    return 1;
}

/* The records a (discrete state, zone) table indexes: cells (kind 0) or memo entries (kind 1). */
static const lf_word *lf_cg_state(int kind, int64_t k) { return kind ? CG.entry[k].s : CG.cell[k].s; }
static const lf_bound *lf_cg_zone(int kind, int64_t k) { return (kind ? CG.ezone : CG.zone) + (size_t)k * LF_ZN; }
static uint64_t lf_cg_rhash(int kind, int64_t k) { return kind ? CG.entry[k].hash : CG.cell[k].hash; }

/* The slot of (``s``, ``z``) in table ``t``: its record, or -1 where it would go. */
static uint64_t lf_cg_find(const lf_cg_tab *t, const lf_word *s, const lf_bound *z, uint64_t hash) {
    uint64_t h = hash & t->mask;
    for (;;) {
        int64_t k = t->slot[h];
        if (k < 0) return h;
        if (memcmp(lf_cg_state(t->kind, k), s, sizeof(lf_word) * LF_WORDS) == 0 &&
            memcmp(lf_cg_zone(t->kind, k), z, sizeof(lf_bound) * LF_ZN) == 0)
            return h;
        h = (h + 1) & t->mask;
    }
}

/* Double table ``t``'s slots (the records keep their hashes: nothing is hashed again); 0 without memory. */
static int lf_cg_grow(lf_cg_tab *t) {
    uint64_t cap = t->mask ? 2 * (t->mask + 1) : 1024;
    int64_t *slot = lf_cg_table(cap);
    if (!slot) return 0;
    for (uint64_t i = 0; t->mask && i <= t->mask; i++) {
        int64_t k = t->slot[i];
        if (k < 0) continue;
        uint64_t h = lf_cg_rhash(t->kind, k) & (cap - 1);
        while (slot[h] >= 0) h = (h + 1) & (cap - 1);
        slot[h] = k;
    }
    free(t->slot);
    t->slot = slot;
    t->mask = cap - 1;
    return 1;
}

/* ---- the predicates a cell is uniform for ------------------------------------------------------ */

/* Run predicate ``i`` once per part of ``z`` its clock atoms make: append each part to ``dst`` (parts
 * without integer points included: the caller drops them) and keep the first part's value in
 * ``*first``, either may be NULL; LF_C_EVAL when it hits a model error on some part. */
static int lf_cg_parts(int i, const lf_word *s, const lf_bound *z, lf_zlist *dst, int *first) {
    lf_ctx *P = CG.P;
    P->len = 0;
    for (;;) {
        memcpy(P->z, z, sizeof P->z);
        P->depth = 0;
        P->dead = 0;
        int v = lf_zl(P, i, s);
        if (P->deep) return P->deep;
        if (v == 2 && !P->dead) return LF_C_EVAL;
        if (!P->dead && first && *first < 0) *first = v;
        if (!P->dead && dst && !lf_zlist_add(dst, P->z)) return LF_Z_NOMEM;
        if (!lf_next_path(P)) return LF_Z_OK;
    }
}

/* Append to ``dst`` the parts of ``z`` predicate ``i``'s clock atoms make. */
static int lf_cg_cut_expr(int i, const lf_word *s, const lf_bound *z, lf_zlist *dst) {
    return lf_cg_parts(i, s, z, dst, NULL);
}

/* The value of predicate ``i`` on a cell (uniform by construction: its first part's), in ``*value``. */
static int lf_cg_value(int i, const lf_word *s, const lf_bound *z, int *value) {
    int first = -1, r = lf_cg_parts(i, s, z, NULL, &first);
    *value = first == 1;
    return r;
}

/* Move ``mv``'s guard alone on ``z`` (zones/engine.py's ``enabled``): whether it holds on some part
 * (``*on``), and, with ``dst``, every part it makes (``z`` itself where the source leaf is wrong). */
static int lf_cg_guard(int mv, const lf_word *s, const lf_bound *z, lf_zlist *dst, int *on) {
    lf_ctx *D = CG.D;
    int64_t before = dst ? dst->n : 0;
    *on = 0;
    D->guard_only = 1;
    D->only = mv;
    D->len = 0;
    for (;;) {
        memcpy(D->z, z, sizeof D->z);
        D->depth = 0;
        D->dead = 0;
        D->greached = 0;
        D->nout = 0;
        lf_model_expand(D, s);
        if (D->deep) return D->deep;
        if (D->greached == 2) return LF_C_EVAL;
        if (D->greached == 1) *on = 1;
        if ((D->greached == 1 || !D->dead) && dst && !lf_zlist_add(dst, D->z)) return LF_Z_NOMEM;
        if (!lf_next_path(D)) break;
    }
    if (dst && dst->n == before && !lf_zlist_add(dst, z)) return LF_Z_NOMEM;
    return LF_Z_OK;
}

/* zones/liveness.py's ``translated``: every clock plus ``k`` (a translation keeps it canonical) */
static void lf_cg_translate(lf_bound *d, int k) {
    for (int i = 1; i < LF_DIM; i++) {
        if (d[i * LF_DIM] != LF_INF) d[i * LF_DIM] += 2 * k;
        d[i] -= 2 * k;
    }
}

/* The invariants of ``s`` on ``z`` one tick later, path by path: with ``dst``, the parts where they
 * hold then those where one fails (in the order of the first failing invariant, as
 * Symbolic.invariant_split lists them: shorter paths first), translated back; ``*allowed``: some
 * part where they hold has an integer point. Urgent: ``z`` itself, no tick. */
static int lf_cg_tick(const lf_word *s, const lf_bound *z, lf_zlist *dst, int *allowed) {
    *allowed = 0;
    if (lf_model_urgent(s)) {
        if (dst && !lf_zlist_add(dst, z)) return LF_Z_NOMEM;
        return LF_Z_OK;
    }
    lf_bound later[LF_ZN];
    memcpy(later, z, sizeof later);
    lf_cg_translate(later, 1);
    lf_ctx *X = CG.XI;
    CG.fail.n = 0;
    X->len = 0;
    for (;;) {
        memcpy(X->z, later, sizeof X->z);
        X->depth = 0;
        X->dead = 0;
        int v = lf_model_inv(X, s);
        if (X->deep) return X->deep;
        if (v == 2 && !X->dead) return LF_C_EVAL;
        if (!X->dead) {
            if (v == 1 && !*allowed && lf_has_integer_point(X->z)) *allowed = 1;
            if (dst) {
                lf_cg_translate(X->z, -1);
                if (v == 1) {
                    if (!lf_zlist_add(dst, X->z)) return LF_Z_NOMEM;
                } else {
                    if (!lf_zlist_add(&CG.fail, X->z)) return LF_Z_NOMEM;
                    if (CG.fail.n > CG.nfdepth) {
                        int32_t *f = realloc(CG.fdepth, sizeof(int32_t) * (size_t)(2 * CG.fail.n));
                        if (!f) return LF_Z_NOMEM;
                        CG.fdepth = f;
                        CG.nfdepth = 2 * CG.fail.n;
                    }
                    CG.fdepth[CG.fail.n - 1] = X->depth;
                }
            }
        }
        if (!lf_next_path(X)) break;
    }
    int deepest = 0;
    for (int p = 0; p < CG.fail.n; p++)
        if (CG.fdepth[p] > deepest) deepest = CG.fdepth[p];
    if (dst) /* the failing parts by the depth at which they failed, stable */
        for (int d = 0; d <= deepest; d++)
            for (int p = 0; p < CG.fail.n; p++)
                if (CG.fdepth[p] == d && !lf_zlist_add(dst, CG.fail.z + (size_t)p * LF_ZN)) return LF_Z_NOMEM;
    return LF_Z_OK;
}

static int lf_cg_cut_cap(int x, const lf_bound *z, lf_zlist *dst) {
    lf_bound p[LF_ZN];
    memcpy(p, z, sizeof p);
    if (lf_constrain_op(p, x, 0, 4, CG.caps[x]) && !lf_zlist_add(dst, p)) return LF_Z_NOMEM;
    memcpy(p, z, sizeof p);
    if (lf_constrain_op(p, x, 0, 1, CG.caps[x] - 1) && !lf_zlist_add(dst, p)) return LF_Z_NOMEM;
    return LF_Z_OK;
}

/* cutter ``c``: 0 Q, 1 P (if any), then the fair moves, the tick, the caps; ``still``: the other moves */
static int lf_cg_cut(int kind, int arg, const lf_word *s, const lf_bound *z, lf_zlist *dst) {
    int on;
    switch (kind) {
    case 0: return lf_cg_cut_expr(arg, s, z, dst);
    case 1: return lf_cg_guard(arg, s, z, dst, &on);
    case 2: return lf_cg_tick(s, z, dst, &on);
    default: return lf_cg_cut_cap(arg, z, dst);
    }
}

/* ``*a`` cut by one cutter, the parts with integer points kept (``*b`` scratch); swaps them. Every
 * part of ``*a`` has an integer point, and every cutter's parts cover the integer points of what
 * it cuts: a part cut into one part only is that part's integer points (the test is skipped). */
static int lf_cg_cut_all(int kind, int arg, const lf_word *s, lf_zlist **a, lf_zlist **b) {
    (*b)->n = 0;
    for (int p = 0; p < (*a)->n; p++) {
        CG.cut.n = 0;
        int r = lf_cg_cut(kind, arg, s, (*a)->z + (size_t)p * LF_ZN, &CG.cut);
        if (r != LF_Z_OK) return r;
        for (int q = 0; q < CG.cut.n; q++) {
            const lf_bound *part = CG.cut.z + (size_t)q * LF_ZN;
            if ((CG.cut.n == 1 || lf_has_integer_point(part)) && !lf_zlist_add(*b, part)) return LF_Z_NOMEM;
        }
    }
    lf_zlist *t = *a;
    *a = *b;
    *b = t;
    return LF_Z_OK;
}

/* CellGraph.pieces: the uniform cells (with integer points) of a widened zone, into CG.po. A move
 * whose source leaf does not hold at ``s`` cuts nothing (CellGraph.cut_move keeps the part) and is
 * never enabled: only the moves the learning run sees are run (after the first cut every part has
 * an integer point, so a cut that keeps each part changes nothing). */
static int lf_cg_pieces(const lf_word *s, const lf_bound *z) {
    lf_zlist *a = &CG.pa, *b = &CG.pb;
    a->n = 0;
    CG.po.n = 0;
    if (!lf_has_integer_point(z)) return LF_Z_OK; /* no part of it has one */
    if (!lf_zlist_add(a, z)) return LF_Z_NOMEM;
    lf_ctx *D = CG.D;
    D->moves = CG.lm;
    D->only = -2;
    D->nmoves = 0;
    D->dead = 0;
    D->guard_only = 1;
    lf_model_expand(D, s);
    int nlm = D->nmoves;
    qsort(CG.lm, (size_t)nlm, sizeof(int), lf_int_cmp);
    int r = lf_cg_cut_all(0, 2 * CG.live, s, &a, &b);
    if (r == LF_Z_OK && CG.lhs) r = lf_cg_cut_all(0, 2 * CG.live + 1, s, &a, &b);
    for (int i = 0; r == LF_Z_OK && i < nlm; i++)
        if (CG.fair[CG.lm[i]]) r = lf_cg_cut_all(1, CG.lm[i], s, &a, &b);
    if (r == LF_Z_OK) r = lf_cg_cut_all(2, 0, s, &a, &b);
    for (int x = 1; r == LF_Z_OK && x < LF_DIM; x++) r = lf_cg_cut_all(3, x, s, &a, &b);
    if (r != LF_Z_OK) return r;
    for (int p = 0; p < a->n; p++) {
        const lf_bound *part = a->z + (size_t)p * LF_ZN;
        int on = 0;
        r = lf_cg_tick(s, part, NULL, &on);
        for (int i = 0; r == LF_Z_OK && !on && i < nlm; i++)
            if (CG.fair[CG.lm[i]]) r = lf_cg_guard(CG.lm[i], s, part, NULL, &on);
        if (r != LF_Z_OK) return r;
        if (on) {
            if (!lf_zlist_add(&CG.po, part)) return LF_Z_NOMEM;
            continue;
        }
        /* no tick, no fair move: cut along the other moves, to find the stutters exactly */
        lf_zlist *c = &CG.ma, *d = &CG.mb;
        c->n = 0;
        if (!lf_zlist_add(c, part)) return LF_Z_NOMEM;
        for (int i = 0; r == LF_Z_OK && i < nlm; i++)
            if (!CG.fair[CG.lm[i]]) r = lf_cg_cut_all(1, CG.lm[i], s, &c, &d);
        if (r != LF_Z_OK) return r;
        for (int q = 0; q < c->n; q++)
            if (!lf_zlist_add(&CG.po, c->z + (size_t)q * LF_ZN)) return LF_Z_NOMEM;
    }
    return LF_Z_OK;
}

/* ---- building ---------------------------------------------------------------------------------- */

static int lf_cg_new_cell(const lf_word *s, const lf_bound *z, uint64_t xh, uint64_t hash, int64_t *k) {
    if (CG.n == CG.c) {
        int64_t c = CG.c ? 2 * CG.c : 1024;
        lf_cell *cell = realloc(CG.cell, sizeof(lf_cell) * (size_t)c);
        if (!cell) return LF_Z_NOMEM;
        CG.cell = cell;
        lf_bound *zone = realloc(CG.zone, sizeof(lf_bound) * LF_ZN * (size_t)c);
        if (!zone) return LF_Z_NOMEM;
        CG.zone = zone;
        unsigned char *sat = realloc(CG.sat, (size_t)LF_DIM * (size_t)c);
        if (!sat) return LF_Z_NOMEM;
        CG.sat = sat;
        CG.c = c;
    }
    int64_t n = CG.n++;
    lf_cell *e = &CG.cell[n];
    memset(e, 0, sizeof *e);
    memcpy(e->s, s, sizeof e->s);
    e->next = -1;
    e->hash = hash;
    memcpy(CG.zone + (size_t)n * LF_ZN, z, sizeof(lf_bound) * LF_ZN);
    memset(CG.sat + (size_t)n * LF_DIM, 0, LF_DIM);
    CG.x.slot[xh] = n;
    uint64_t h = lf_cg_sfind(s);
    if (CG.sfirst[h] < 0) {
        CG.sfirst[h] = n;
        CG.nstates++;
    } else {
        CG.cell[CG.slast[h]].next = n;
    }
    CG.slast[h] = n;
    *k = n;
    return LF_Z_OK;
}

/* CellGraph.add: the cells of the delay closure of ``entry`` at ``s`` (new ones appended), as the
 * memo entry ``*e`` (its cells CG.el[off .. off + cnt)). */
static int lf_cg_add(const lf_word *s, const lf_bound *entry, int64_t *e) {
    if ((CG.en + 1) * 2 > (int64_t)CG.e.mask + 1 && !lf_cg_grow(&CG.e)) return LF_Z_NOMEM;
    uint64_t ehash = lf_cg_hash(s, entry), eh = lf_cg_find(&CG.e, s, entry, ehash);
    if (CG.e.slot[eh] >= 0) {
        *e = CG.e.slot[eh];
        return LF_Z_OK;
    }
    int r = lf_delay(CG.XI, s, entry, &CG.dl);
    CG.out.n = 0;
    for (int p = 0; r == LF_Z_OK && p < CG.dl.n; p++) {
        lf_bound *z = CG.dl.z + (size_t)p * LF_ZN;
        lf_dbm_extra_lu(z, LF_DIM, CG.m, CG.m, 0, CG.row0);
        r = lf_cg_pieces(s, z);
        for (int q = 0; r == LF_Z_OK && q < CG.po.n; q++) {
            const lf_bound *c = CG.po.z + (size_t)q * LF_ZN;
            if (((uint64_t)CG.n + 1) * 2 > CG.x.mask + 1 && !lf_cg_grow(&CG.x)) return LF_Z_NOMEM;
            if ((CG.nstates + 1) * 2 > CG.smask + 1 && !lf_cg_sgrow()) return LF_Z_NOMEM;
            uint64_t chash = lf_cg_hash(s, c), xh = lf_cg_find(&CG.x, s, c, chash);
            int64_t k = CG.x.slot[xh];
            if (k < 0) {
                uint64_t h = lf_cg_sfind(s);
                for (int64_t j = CG.sfirst[h]; j >= 0; j = CG.cell[j].next)
                    if (lf_dbm_is_subset(c, CG.zone + (size_t)j * LF_ZN, LF_DIM)) {
                        k = j;
                        break;
                    }
            }
            if (k < 0) r = lf_cg_new_cell(s, c, xh, chash, &k);
            int seen = 0;
            for (int64_t j = 0; j < CG.out.n && !seen; j++) seen = CG.out.a[j] == k;
            if (r == LF_Z_OK && !seen && !lf_i64s_add(&CG.out, k)) r = LF_Z_NOMEM;
        }
    }
    if (r != LF_Z_OK) return r;
    if (CG.en == CG.ec) {
        int64_t c = CG.ec ? 2 * CG.ec : 1024;
        lf_entry *en = realloc(CG.entry, sizeof(lf_entry) * (size_t)c);
        if (!en) return LF_Z_NOMEM;
        CG.entry = en;
        lf_bound *ez = realloc(CG.ezone, sizeof(lf_bound) * LF_ZN * (size_t)c);
        if (!ez) return LF_Z_NOMEM;
        CG.ezone = ez;
        CG.ec = c;
    }
    int64_t k = CG.en++;
    memcpy(CG.entry[k].s, s, sizeof(lf_word) * LF_WORDS);
    memcpy(CG.ezone + (size_t)k * LF_ZN, entry, sizeof(lf_bound) * LF_ZN);
    CG.entry[k].off = CG.el.n;
    CG.entry[k].cnt = CG.out.n;
    CG.entry[k].hash = ehash;
    for (int64_t j = 0; j < CG.out.n; j++)
        if (!lf_i64s_add(&CG.el, CG.out.a[j])) return LF_Z_NOMEM;
    CG.e.slot[lf_cg_find(&CG.e, s, entry, ehash)] = k;
    *e = k;
    return LF_Z_OK;
}

/* the edges (move, every cell of entry ``e``) of the cell being expanded (from ``from``), new ones */
static int lf_cg_edges(int move, int64_t e, int64_t from) {
    for (int64_t j = 0; j < CG.entry[e].cnt; j++) {
        int64_t t = CG.el.a[CG.entry[e].off + j];
        int seen = 0;
        for (int64_t i = from; i < CG.em.n && !seen; i++) seen = CG.em.a[i] == move && CG.et.a[i] == t;
        if (!seen && !(lf_i64s_add(&CG.em, move) && lf_i64s_add(&CG.et, t))) return LF_Z_NOMEM;
    }
    return LF_Z_OK;
}

static int lf_cg_expand(int64_t k, int *moves) {
    lf_word s[LF_WORDS];
    lf_bound z[LF_ZN];
    memcpy(s, CG.cell[k].s, sizeof s);
    memcpy(z, CG.zone + (size_t)k * LF_ZN, sizeof z);
    lf_ctx *X = CG.X;
    X->only = -2;
    X->nmoves = 0;
    X->dead = 0;
    X->guard_only = 0;
    lf_model_expand(X, s);
    int nmoves = X->nmoves;
    qsort(moves, (size_t)nmoves, sizeof(int), lf_int_cmp);
    int64_t eoff = CG.em.n, uoff = CG.un.n;
    int r = LF_Z_OK;
    for (int i = 0; r == LF_Z_OK && i < nmoves; i++) {
        int on = 0;
        r = lf_cg_guard(moves[i], s, z, NULL, &on);
        if (r != LF_Z_OK || !on) continue;
        if (!lf_i64s_add(&CG.un, moves[i])) return LF_Z_NOMEM;
        X->only = moves[i];
        X->len = 0;
        for (;;) {
            memcpy(X->z, z, sizeof z);
            X->depth = 0;
            X->dead = 0;
            X->nout = 0;
            lf_model_expand(X, s);
            if (X->deep) r = X->deep;
            if (X->nomem) r = LF_Z_NOMEM;
            for (int o = 0; r == LF_Z_OK && o < X->nout; o++) {
                lf_zout *b = &X->out[o];
                if (b->error) {
                    r = LF_C_EVAL;
                    break;
                }
                int64_t e;
                r = lf_cg_add(b->s, b->z, &e);
                if (r == LF_Z_OK) r = lf_cg_edges(b->move, e, eoff);
            }
            if (r != LF_Z_OK || !lf_next_path(X)) break;
        }
    }
    if (r != LF_Z_OK) return r;
    int allowed = 0;
    r = lf_cg_tick(s, z, NULL, &allowed);
    if (r != LF_Z_OK) return r;
    if (allowed) {
        if (!lf_i64s_add(&CG.un, 0)) return LF_Z_NOMEM;
        lf_bound later[LF_ZN];
        memcpy(later, z, sizeof later);
        lf_cg_translate(later, 1);
        lf_dbm_extra_lu(later, LF_DIM, CG.m, CG.m, 0, CG.row0);
        CG.tin.n = 0;
        r = lf_inv_parts(CG.XI, s, later, &CG.tin);
        if (r == LF_Z_INVERR) return LF_C_EVAL;
        for (int p = 0; r == LF_Z_OK && p < CG.tin.n; p++) {
            const lf_bound *part = CG.tin.z + (size_t)p * LF_ZN;
            if (!lf_has_integer_point(part)) continue;
            lf_bound entry[LF_ZN];
            memcpy(entry, part, sizeof entry);
            int64_t e;
            r = lf_cg_add(s, entry, &e);
            if (r == LF_Z_OK) r = lf_cg_edges(0, e, eoff);
        }
        if (r != LF_Z_OK) return r;
    }
    lf_cell *c = &CG.cell[k];
    c->eoff = eoff;
    c->ecnt = (int32_t)(CG.em.n - eoff);
    c->uoff = uoff;
    c->ucnt = (int32_t)(CG.un.n - uoff);
    for (int x = 1; x < LF_DIM; x++) { /* saturated: cap 0, or no integer point below the cap */
        lf_bound p[LF_ZN];
        memcpy(p, CG.zone + (size_t)k * LF_ZN, sizeof p);
        int below = lf_constrain_op(p, x, 0, 1, CG.caps[x] - 1) && lf_has_integer_point(p);
        CG.sat[(size_t)k * LF_DIM + x] = CG.caps[x] == 0 || !below;
    }
    for (int64_t j = eoff; j < CG.em.n; j++)
        if (!CG.cell[CG.et.a[j]].done && !lf_i64s_add(&CG.todo, CG.et.a[j])) return LF_Z_NOMEM;
    return LF_Z_OK;
}

static void lf_cg_zlist_free(lf_zlist *l) {
    free(l->z);
    memset(l, 0, sizeof *l);
}

LF_EXPORT void lf_zcells_free(void) {
    free(CG.cell);
    free(CG.zone);
    free(CG.sat);
    free(CG.entry);
    free(CG.ezone);
    lf_i64s *ls[] = {&CG.em, &CG.et, &CG.un, &CG.el, &CG.todo, &CG.out};
    for (size_t i = 0; i < sizeof ls / sizeof ls[0]; i++) free(ls[i]->a);
    free(CG.sfirst);
    free(CG.slast);
    free(CG.x.slot);
    free(CG.e.slot);
    lf_ctx *cs[] = {CG.X, CG.D, CG.XI, CG.P};
    for (size_t i = 0; i < 4; i++)
        if (cs[i]) {
            free(cs[i]->out);
            free(cs[i]);
        }
    lf_zlist *zs[] = {&CG.dl, &CG.pa, &CG.pb, &CG.po, &CG.ma, &CG.mb, &CG.cut, &CG.fail, &CG.tin, &CG.ra, &CG.rb};
    for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++) lf_cg_zlist_free(zs[i]);
    free(CG.fdepth);
    memset(&CG, 0, sizeof CG);
    CG.e.kind = 1;
}

/* The cells of the parts of one zone-graph node where P holds and Q does not (CellGraph.roots: cut
 * along Q, then P), pushed on the stack of cells to expand. */
static int lf_cg_roots(const lf_word *s, const lf_bound *z) {
    CG.ra.n = 0;
    int r = lf_cg_cut_expr(2 * CG.live, s, z, &CG.ra);
    for (int a = 0; r == LF_Z_OK && a < CG.ra.n; a++) {
        CG.rb.n = 0;
        r = lf_cg_cut_expr(2 * CG.live + 1, s, CG.ra.z + (size_t)a * LF_ZN, &CG.rb);
        for (int b = 0; r == LF_Z_OK && b < CG.rb.n; b++) {
            lf_bound part[LF_ZN];
            memcpy(part, CG.rb.z + (size_t)b * LF_ZN, sizeof part);
            if (!lf_has_integer_point(part)) continue;
            int p = 0, q = 0;
            r = lf_cg_value(2 * CG.live + 1, s, part, &p);
            if (r == LF_Z_OK) r = lf_cg_value(2 * CG.live, s, part, &q);
            if (r != LF_Z_OK || !p || q) continue;
            int64_t e;
            r = lf_cg_add(s, part, &e);
            for (int64_t j = 0; r == LF_Z_OK && j < CG.entry[e].cnt; j++)
                if (!lf_i64s_add(&CG.todo, CG.el.a[CG.entry[e].off + j])) r = LF_Z_NOMEM;
        }
    }
    return r;
}

/* Build the cell graph of live check ``live`` (``lhs``: it has a P; else it is ``eventually``):
 * ``fair[mv]`` whether move mv is of a fair unit (the check is fair), ``m`` the Extra_M constants,
 * ``caps`` the clocks' caps (index 0 unused), at most ``budget`` cells (0: no bound). The cells
 * start from the initial state at the origin (``eventually``) or from the parts where P holds and
 * Q does not of the zone graph's ``nn`` nodes (node k: its state at ``nstates`` + k * ``nstride``
 * bytes, masked by ``mask``; its zone at ``nzones`` + k * LF_ZN), and only cells where Q does not
 * hold are expanded (CellGraph.build). ``out``: cells, edges, enabled moves. Returns LF_Z_OK,
 * LF_C_EVAL, LF_C_BUDGET or another LF_Z_* status. */
LF_EXPORT int lf_zcells(int live, int lhs, const unsigned char *fair, const int32_t *m, const int32_t *caps,
                        int64_t budget, const lf_word *mask, const unsigned char *nstates, int64_t nstride,
                        const lf_bound *nzones, int64_t nn, int64_t *out) {
    lf_zcells_free();
    CG.live = live;
    CG.lhs = lhs;
    for (int x = 0; x < LF_DIM; x++) {
        CG.m[x] = x ? m[x] : 0;
        CG.caps[x] = x ? caps[x] : 0;
    }
    for (int mv = 0; mv < LF_NMOVES; mv++) CG.fair[mv] = fair[mv];
    CG.X = calloc(1, sizeof(lf_ctx));
    CG.D = calloc(1, sizeof(lf_ctx));
    CG.XI = calloc(1, sizeof(lf_ctx));
    CG.P = calloc(1, sizeof(lf_ctx));
    int *moves = malloc(sizeof(int) * (LF_NMOVES + 1));
    int r = (CG.X && CG.D && CG.XI && CG.P && moves && lf_cg_sgrow() && lf_cg_grow(&CG.x) && lf_cg_grow(&CG.e))
                ? LF_Z_OK : LF_Z_NOMEM;
    lf_word s0[LF_WORDS] = {0};
    lf_model_init(s0);
    if (r == LF_Z_OK) CG.X->moves = moves;
    if (r == LF_Z_OK && !lhs) {
        lf_bound z0[LF_ZN];
        lf_dbm_zero(z0, LF_DIM);
        int64_t e;
        r = lf_cg_add(s0, z0, &e);
        for (int64_t j = 0; r == LF_Z_OK && j < CG.entry[e].cnt; j++)
            if (!lf_i64s_add(&CG.todo, CG.el.a[CG.entry[e].off + j])) r = LF_Z_NOMEM;
    }
    for (int64_t k = 0; r == LF_Z_OK && lhs && k < nn; k++) {
        lf_word s[LF_WORDS];
        const lf_word *ns = (const lf_word *)(nstates + (size_t)k * (size_t)nstride);
        for (int i = 0; i < LF_WORDS; i++) s[i] = ns[i] & mask[i];
        r = lf_cg_roots(s, nzones + (size_t)k * LF_ZN);
    }
    /* the roots were pushed in order and are expanded last first, as CellGraph.build pops them */
    while (r == LF_Z_OK && CG.todo.n > 0) {
        if (budget > 0 && CG.n > budget) {
            r = LF_C_BUDGET;
            break;
        }
        int64_t k = CG.todo.a[--CG.todo.n];
        if (CG.cell[k].done) continue;
        CG.cell[k].done = 1;
        int q = 0;
        r = lf_cg_value(2 * live, CG.cell[k].s, CG.zone + (size_t)k * LF_ZN, &q);
        if (r == LF_Z_OK && !q) r = lf_cg_expand(k, moves); /* a cell where Q holds ends the runs that matter */
    }
    /* not Q (bad), and the roots: P and not Q, or (eventually) the initial cells at the origin */
    lf_bound z0[LF_ZN];
    lf_dbm_zero(z0, LF_DIM);
    for (int64_t k = 0; r == LF_Z_OK && k < CG.n; k++) {
        int q = 0;
        r = lf_cg_value(2 * live, CG.cell[k].s, CG.zone + (size_t)k * LF_ZN, &q);
        CG.cell[k].bad = !q;
    }
    for (int64_t k = 0; r == LF_Z_OK && k < CG.n; k++) {
        lf_cell *c = &CG.cell[k];
        if (!c->bad) continue;
        if (lhs) {
            int p = 0;
            r = lf_cg_value(2 * live + 1, c->s, CG.zone + (size_t)k * LF_ZN, &p);
            c->root = p;
        } else if (memcmp(c->s, s0, sizeof s0) == 0) {
            lf_bound w[LF_ZN];
            memcpy(w, CG.zone + (size_t)k * LF_ZN, sizeof w);
            c->root = lf_dbm_intersect(w, z0, LF_DIM);
        }
    }
    free(moves);
    if (CG.X) CG.X->moves = NULL;
    out[0] = CG.n;
    out[1] = CG.em.n;
    out[2] = CG.un.n;
    return r;
}

/* The graph as arrays: per cell k, its edges (move, target) at eoff[k] .. eoff[k + 1], its enabled
 * moves at uoff[k] .. uoff[k + 1], sat[k * dim + x] (clock x saturated), bad[k], root[k]. */
LF_EXPORT void lf_zcell_graph(int64_t *eoff, int32_t *emove, int64_t *etarget, int64_t *uoff, int32_t *units,
                              unsigned char *sat, unsigned char *bad, unsigned char *root) {
    int64_t e = 0, u = 0;
    for (int64_t k = 0; k < CG.n; k++) {
        const lf_cell *c = &CG.cell[k];
        eoff[k] = e;
        uoff[k] = u;
        for (int32_t j = 0; j < c->ecnt; j++, e++) {
            emove[e] = (int32_t)CG.em.a[c->eoff + j];
            etarget[e] = CG.et.a[c->eoff + j];
        }
        for (int32_t j = 0; j < c->ucnt; j++, u++) units[u] = (int32_t)CG.un.a[c->uoff + j];
        bad[k] = c->bad;
        root[k] = c->root;
    }
    eoff[CG.n] = e;
    uoff[CG.n] = u;
    memcpy(sat, CG.sat, (size_t)LF_DIM * (size_t)CG.n);
}

/* Cell ``k``: its discrete state (LF_WORDS words) and zone (LF_ZN bounds). */
LF_EXPORT int lf_zcell(int64_t k, lf_word *s, int32_t *zone) {
    if (k < 0 || k >= CG.n) return 0;
    memcpy(s, CG.cell[k].s, sizeof(lf_word) * LF_WORDS);
    memcpy(zone, CG.zone + (size_t)k * LF_ZN, sizeof(lf_bound) * LF_ZN);
    return 1;
}
