/* lf_zengine.c: the native symbolic (zone) search, first slice: reachability of (discrete state,
 * zone) pairs, included at the end of a symbolic successor module (native/zprint.py) instead of
 * lf_engine.c. docs/design/symbolic-time.md, 9.1, is the design; lifecycle_fsm/zones/engine.py
 * (Symbolic.branches, delay, explore) is the reference, and tests/zones/test_native_zones.py compares
 * the two node for node.
 *
 * The module is the tick engine's step program printed in symbolic mode: a clock comparison is a
 * call of lf_catom, a reset a call of lf_zreset, and each move is wrapped in lf_begin(X, id). The
 * search runs the expansion once to learn which moves' source leaves hold (lf_begin records them
 * and returns 0), then, move by move in id order, once per path through the move's clock atoms:
 * lf_catom at depth d replays the d-th choice of the path being run or, past its end, takes the
 * first non-empty part and records how many there were; after a run the deepest choice with an
 * untried part is advanced. So each run is one branch of zones/engine.py's Symbolic.branches, in
 * the same order. The module defines LF_NCLOCKS, lf_model_inv (every leaf invariant, 1/0, 2 on a
 * model error), lf_model_urgent, and the predicates judged on parts of zones, each with its
 * dispatcher and its risky flags (1: it may hit a model error): lf_zq, the LF_NQ state checks (the
 * LF_NINV invariant checks of the plan, then its reachable checks), judged on each node's zone as
 * zones/check.py's Judging.node judges them; lf_zs, the LF_NSTABLE stable checks (lf_zs_pid their
 * property ids); lf_zw, the only-when conditions.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lf_dbm.h"

#define LF_DIM (LF_NCLOCKS + 1)
#define LF_ZN (LF_DIM * LF_DIM)
#define LF_MAXDEPTH 1024 /* clock atoms along one path of one move */
#define LF_EXPORT __attribute__((visibility("default")))

enum { LF_Z_OK = 0, LF_Z_BOUND = 1, LF_Z_INVERR = 2, LF_Z_DEEP = 3, LF_Z_NOMEM = 4, LF_Z_DEPTHERR = 5, LF_Z_PREERR = 6, LF_Z_MEMORY = 7 };

typedef struct {
    int move;
    int error; /* a model error (the zone part is where it happens) */
    lf_word s[LF_WORDS];
    lf_bound z[LF_ZN];
} lf_zout;

struct lf_ctx {
    lf_bound z[LF_ZN]; /* the part of the zone this path is in */
    /* the move's context only (track): the same part before the step, for only-when conditions:
     * the node's zone narrowed by this path's clock atoms, a clock this path reset read as 0 */
    int track;
    lf_bound zpre[LF_ZN];
    unsigned char rst[LF_DIM];
    int only;          /* the move being run; -2: learn which moves' leaves hold */
    int dead;          /* this path has no part left (a zone without integer points split away) */
    int depth, len, deep;
    uint16_t choice[LF_MAXDEPTH], count[LF_MAXDEPTH];
    int guard_only;    /* deadlock: the move's guard alone (1 once it held, 2 once it erred) */
    int greached;
    int64_t node;      /* the node being expanded */
    const lf_word *ps; /* its discrete state (the state before the step) */
    int *moves;   /* the moves seen by the learning run */
    int nmoves;
    lf_zout *out; /* this run's successors and errors */
    int nout, cout, nomem;
};

/* ---- hooks of lf_runtime.h: the steps report the ordering monitors' violations and overflows ---
 * (the printer buffers them per step and reports them just before the successor, dropping them
 * when the step hits a model error; a path without a part left reports nothing) */

static struct {
    int64_t node[LF_ZNPIDS + 1], move[LF_ZNPIDS + 1];   /* first (node, move) violating it, -1 */
    int64_t enode[LF_ZNPIDS + 1], emove[LF_ZNPIDS + 1]; /* first (node, move) where its condition errs */
    char over[LF_ZNPIDS + 1];                            /* its monitor overflowed */
    lf_ctx *w, *v; /* the contexts only-when conditions and stable checks run in (nested in XI's) */
} ZM;

static void lf_zfound(int pid, int64_t node, int move) {
    if (pid >= 0 && pid < LF_ZNPIDS && ZM.node[pid] < 0) {
        ZM.node[pid] = node;
        ZM.move[pid] = move;
    }
}

static void lf_zerr(int pid, int64_t node, int move) {
    if (pid >= 0 && pid < LF_ZNPIDS && ZM.enode[pid] < 0) {
        ZM.enode[pid] = node;
        ZM.emove[pid] = move;
    }
}

LF_HOOK int lf_open(const lf_ctx *X, int pid) { (void)X; (void)pid; return 0; }
LF_HOOK int lf_reach_open(const lf_ctx *X, int j) { (void)X; (void)j; return 0; }
LF_HOOK void lf_reached(lf_ctx *X, int j) { (void)X; (void)j; }
LF_HOOK void lf_viol(lf_ctx *X, int pid, int move) {
    if (X->dead || pid < 0) return;
    if (pid >= LF_ZPERR) /* an only-when condition's model error (lf_zwhen) */
        lf_zerr(pid - LF_ZPERR, X->node, move);
    else
        lf_zfound(pid, X->node, move);
}
LF_HOOK void lf_over(lf_ctx *X, int pid) {
    if (!X->dead && pid >= 0 && pid < LF_ZNPIDS) ZM.over[pid] = 1;
}
LF_HOOK int lf_graph_mode(const lf_ctx *X) { (void)X; return 0; }

static void lf_zput(lf_ctx *X, int move, const lf_word *n, int error) {
    if (X->dead) return;
    if (X->guard_only) { /* the guard erred: the step is enabled there (it happens, as an error) */
        X->greached = 2;
        X->dead = 1;
        return;
    }
    if (X->nout == X->cout) {
        int c = X->cout ? 2 * X->cout : 16;
        lf_zout *o = realloc(X->out, sizeof(lf_zout) * (size_t)c);
        if (!o) {
            X->nomem = 1;
            return;
        }
        X->out = o;
        X->cout = c;
    }
    lf_zout *o = &X->out[X->nout++];
    o->move = move;
    o->error = error;
    if (n) memcpy(o->s, n, sizeof o->s);
    memcpy(o->z, X->z, sizeof o->z);
}

static void lf_zstable_step(lf_ctx *X, int move, const lf_word *n);

LF_HOOK void lf_succ(lf_ctx *X, int move, lf_word *n) {
    lf_zput(X, move, n, 0);
    if (LF_NSTABLE && X->track && !X->dead) lf_zstable_step(X, move, n);
}
LF_HOOK void lf_succ_canonical(lf_ctx *X, int move, const lf_word *n) {
    lf_zput(X, move, n, 0);
    if (LF_NSTABLE && X->track && !X->dead) lf_zstable_step(X, move, n);
}
LF_HOOK void lf_error(lf_ctx *X, int move) { lf_zput(X, move, NULL, 1); }

/* ---- the symbolic hooks ------------------------------------------------------------------------ */

static int lf_begin(lf_ctx *X, int move) {
    if (X->only == -2) {
        X->moves[X->nmoves++] = move;
        return 0;
    }
    if (X->only != move) return 0;
    if (X->track) {
        memcpy(X->zpre, X->z, sizeof X->zpre);
        memset(X->rst, 0, sizeof X->rst);
    }
    return 1;
}

static int lf_has_integer_point(const lf_bound *z) {
    lf_bound w[LF_ZN];
    return lf_dbm_has_integer_point(z, LF_DIM, w);
}

/* the guard held on this path: it goes on only if its part has an integer point (engine.py) */
static int lf_gcheck(lf_ctx *X) {
    if (X->guard_only) { /* the guard held on this path: the step is enabled there; go no further */
        if (!X->dead) X->greached = 1;
        X->dead = 1;
        return 0;
    }
    return !X->dead && lf_has_integer_point(X->z);
}

static void lf_zreset(lf_ctx *X, int x) {
    if (X->dead) return;
    lf_dbm_reset(X->z, LF_DIM, x, 0);
    X->rst[x] = 1;
}

/* xi - xj op c on a copy of the zone (zones/dbm.py's constrain_op): 0 if it empties it */
static int lf_constrain_op(lf_bound *d, int i, int j, int op, int32_t c) {
    switch (op) {
    case 0: return lf_dbm_constrain(d, LF_DIM, i, j, lf_lt(c));
    case 1: return lf_dbm_constrain(d, LF_DIM, i, j, lf_le(c));
    case 2: return lf_dbm_constrain(d, LF_DIM, i, j, lf_le(c)) && lf_dbm_constrain(d, LF_DIM, j, i, lf_le(-c));
    case 4: return lf_dbm_constrain(d, LF_DIM, j, i, lf_le(-c));
    default: return lf_dbm_constrain(d, LF_DIM, j, i, lf_lt(-c));
    }
}

static const int lf_negate_op[6] = {4, 5, 3, 2, 0, 1}; /* < <= == != >= > -> >= > != == < <= */

/* The parts of the zone where ``xi - xj op c`` holds, then where it does not, each over the
 * integers as closed pieces (engine.py's ``closed``): ``!=`` is two pieces; piece k is the zone
 * cut by the one constraint ``xi - xj pop[k] pc[k]``. */
static int lf_pieces(const lf_bound *z, int i, int j, int op, int32_t c, lf_bound (*out)[LF_ZN], int *truth,
                     int *pop, int32_t *pc) {
    int np = 0;
    for (int t = 1; t >= 0; t--) {
        int o = t ? op : lf_negate_op[op];
        int ops[2], cs[2], k = 0;
        if (o == 0) { ops[k] = 1; cs[k++] = c - 1; }
        else if (o == 5) { ops[k] = 4; cs[k++] = c + 1; }
        else if (o == 3) { ops[k] = 1; cs[k++] = c - 1; ops[k] = 4; cs[k++] = c + 1; }
        else { ops[k] = o; cs[k++] = c; }
        for (int p = 0; p < k; p++) {
            memcpy(out[np], z, sizeof(lf_bound) * LF_ZN);
            if (lf_constrain_op(out[np], i, j, ops[p], cs[p])) {
                pop[np] = ops[p];
                pc[np] = cs[p];
                truth[np++] = t;
            }
        }
    }
    return np;
}

/* The next path of the run in ``C``: the deepest choice with an untried part advanced, the
 * choices below it forgotten; 0 when every path has been run. */
static int lf_next_path(lf_ctx *C) {
    int d = C->len - 1;
    while (d >= 0 && C->choice[d] + 1 >= C->count[d]) d--;
    if (d < 0) return 0;
    C->choice[d]++;
    C->len = d + 1;
    return 1;
}

static int lf_catom(lf_ctx *X, int i, int j, int op, int64_t value) {
    if (X->dead) return 0;
    if (value > (INT64_C(1) << 29) || value < -(INT64_C(1) << 29)) { /* beyond lf_dbm.h's constants */
        X->deep = LF_Z_DEPTHERR;
        X->dead = 1;
        return 0;
    }
    lf_bound parts[4][LF_ZN];
    int truth[4], pop[4];
    int32_t pc[4];
    int np = lf_pieces(X->z, i, j, op, (int32_t)value, parts, truth, pop, pc);
    if (X->depth >= LF_MAXDEPTH) {
        X->deep = LF_Z_DEEP;
        X->dead = 1;
        return 0;
    }
    int d = X->depth++, k;
    if (d < X->len) {
        k = X->choice[d];
    } else {
        X->choice[d] = 0;
        X->count[d] = (uint16_t)np;
        X->len = d + 1;
        k = 0;
    }
    if (k >= np) { /* no part at all (a zone without integer points): the path ends here */
        X->dead = 1;
        return 0;
    }
    memcpy(X->z, parts[k], sizeof X->z);
    if (X->track) { /* the same cut of the values before the step: a clock reset on this path is 0 */
        int pi = X->rst[i] ? 0 : i, pj = X->rst[j] ? 0 : j;
        if ((pi || pj) && !lf_constrain_op(X->zpre, pi, pj, pop[k], pc[k])) X->deep = LF_Z_PREERR;
    }
    return truth[k];
}

/* An only-when condition (lf_zw ``i``) judged on the part of the node's zone this path of
 * the step starts from (zones/check.py's Judging.move): bit 1 when it is false on some part with
 * an integer point, bit 2 when it hits a model error on one. */
static int lf_zwhen(lf_ctx *X, int i, const lf_word *s) {
    if (X->dead) return 0;
    lf_ctx *W = ZM.w;
    int out = 0;
    W->len = 0;
    for (;;) {
        memcpy(W->z, X->zpre, sizeof W->z);
        W->depth = 0;
        W->dead = 0;
        int v = lf_zw(W, i, s);
        if (W->deep) {
            X->deep = W->deep;
            return 0;
        }
        if (!W->dead && (v == 0 || v == 2) && lf_has_integer_point(W->z)) out |= v == 0 ? 1 : 2;
        if (!lf_next_path(W)) return out;
    }
}

/* ---- invariants and delay (engine.py's invariant_parts and delay) ------------------------------ */

typedef struct {
    lf_bound *z; /* zones of LF_ZN bounds */
    int n, c;
} lf_zlist;

static int lf_zlist_add(lf_zlist *l, const lf_bound *z) {
    if (l->n == l->c) {
        int c = l->c ? 2 * l->c : 8;
        lf_bound *m = realloc(l->z, sizeof(lf_bound) * LF_ZN * (size_t)c);
        if (!m) return 0;
        l->z = m;
        l->c = c;
    }
    memcpy(l->z + (size_t)l->n * LF_ZN, z, sizeof(lf_bound) * LF_ZN);
    l->n++;
    return 1;
}

/* Append to ``out`` the parts of ``z`` where every invariant of ``s`` holds; LF_Z_* status. */
static int lf_inv_parts(lf_ctx *X, const lf_word *s, const lf_bound *z, lf_zlist *out) {
    X->len = 0;
    for (;;) {
        memcpy(X->z, z, sizeof X->z);
        X->depth = 0;
        X->dead = 0;
        int v = lf_model_inv(X, s);
        if (X->deep) return X->deep;
        if (v == 2 && !X->dead) return LF_Z_INVERR;
        if (v == 1 && !X->dead && !lf_zlist_add(out, X->z)) return LF_Z_NOMEM;
        if (!lf_next_path(X)) return LF_Z_OK;
    }
}

/* ---- stable checks (zones/check.py's Judging: node and move) ------------------------------------ */

/* The next part of stable check ``j`` on ``z`` run in ``C`` (whose choice stack the caller
 * starts with C->len = 0): its value (0, 1, 2), the part left in C->z; -1 when no part is left.
 * ``*more`` says whether another part follows. Parts without integer points are skipped. */
static int lf_zs_next(lf_ctx *C, int j, const lf_word *s, const lf_bound *z, int *more) {
    for (;;) {
        if (!*more) return -1;
        memcpy(C->z, z, sizeof C->z);
        C->depth = 0;
        C->dead = 0;
        int v = lf_zs(C, j, s);
        lf_bound part[LF_ZN];
        memcpy(part, C->z, sizeof part);
        int dead = C->dead, deep = C->deep;
        if (!lf_next_path(C)) *more = 0;
        if (deep) return -1;
        memcpy(C->z, part, sizeof part);
        if (!dead && lf_has_integer_point(part)) return v;
    }
}

/* Stable check ``j`` is not kept on ``z`` at ``s``: a part with an integer point where it is
 * false (found) or hits a model error (err) is reported at (node, move). */
static void lf_zs_after(int j, const lf_word *s, const lf_bound *z, int64_t node, int move) {
    lf_ctx *C = ZM.v;
    int more = 1, v;
    C->len = 0;
    while ((v = lf_zs_next(C, j, s, z, &more)) >= 0) {
        if (v == 0) lf_zfound(lf_zs_pid[j], node, move);
        else if (v == 2) lf_zerr(lf_zs_pid[j], node, move);
    }
}

/* the zone one tick later (zones/check.py's ``shifted``: a translation keeps it canonical) */
static void lf_zshift(lf_bound *d) {
    for (int i = 1; i < LF_DIM; i++) {
        if (d[i * LF_DIM] != LF_INF) d[i * LF_DIM] += 2;
        d[i] -= 2;
    }
}

/* Node ``k``: where a stable check holds, it still holds one tick later (the parts of the
 * shifted zone where every invariant holds), or a violation at (k, 0); an error at (k, -1). */
static int lf_zstable_node(lf_ctx *XI, int64_t k, const lf_word *s, const lf_bound *z) {
    for (int j = 0; j < LF_NSTABLE; j++) {
        int pid = lf_zs_pid[j];
        if (ZM.node[pid] >= 0 && (ZM.enode[pid] >= 0 || !lf_zs_risky[j])) continue;
        lf_ctx *A = ZM.w;
        int more = 1, v;
        A->len = 0;
        while ((v = lf_zs_next(A, j, s, z, &more)) >= 0) {
            if (v == 2) lf_zerr(pid, k, -1);
            if (v != 1 || lf_model_urgent(s)) continue;
            lf_bound later[LF_ZN];
            memcpy(later, A->z, sizeof later);
            lf_zshift(later);
            lf_zlist inside = {0};
            int r = lf_inv_parts(XI, s, later, &inside);
            if (r == LF_Z_OK)
                for (int p = 0; p < inside.n; p++) lf_zs_after(j, s, inside.z + (size_t)p * LF_ZN, k, 0);
            free(inside.z);
            if (r != LF_Z_OK && r != LF_Z_INVERR) return r;
        }
        if (A->deep) return A->deep;
    }
    return LF_Z_OK;
}

/* A step's successor ``n``: where a stable check held before the step (the parts of the path's
 * pre-zone), it holds after it (those parts with the path's resets), or a violation at (node, move). */
static void lf_zstable_step(lf_ctx *X, int move, const lf_word *n) {
    for (int j = 0; j < LF_NSTABLE; j++) {
        int pid = lf_zs_pid[j];
        if (ZM.node[pid] >= 0 && (ZM.enode[pid] >= 0 || !lf_zs_risky[j])) continue;
        lf_ctx *A = ZM.w;
        int more = 1, v;
        A->len = 0;
        while ((v = lf_zs_next(A, j, X->ps, X->zpre, &more)) >= 0) {
            if (v != 1) continue;
            lf_bound after[LF_ZN];
            memcpy(after, A->z, sizeof after);
            for (int x = 1; x < LF_DIM; x++)
                if (X->rst[x]) lf_dbm_reset(after, LF_DIM, x, 0);
            lf_zs_after(j, n, after, X->node, move);
        }
        if (A->deep) X->deep = A->deep;
    }
}

/* ---- deadlock (zones/check.py's ``deadlocked``) ------------------------------------------------- */

static struct {
    int64_t first; /* the first node with a deadlocked integer point, -1 */
    lf_zlist a, b;
} ZD;

/* Whether some integer point of node (s, z) is a deadlock: not every instance final, no move's
 * guard holds or errs there (the parts where each guard is false, move after move), and time is
 * blocked there: every clock at its cap (the tick engine saturates), urgent, or one tick later an
 * invariant fails. ``moves``: the moves whose source leaves hold (the others keep every part). */
static int lf_zdeadlocked(lf_ctx *D, const lf_word *s, const lf_bound *z, const int *moves, int nmoves,
                          const int32_t *m, int *out) {
    *out = 0;
    if (lf_model_final(s)) return LF_Z_OK;
    lf_zlist *rest = &ZD.a, *nxt = &ZD.b;
    rest->n = 0;
    if (!lf_zlist_add(rest, z)) return LF_Z_NOMEM;
    D->guard_only = 1;
    for (int i = 0; i < nmoves; i++) {
        nxt->n = 0;
        for (int p = 0; p < rest->n; p++) {
            const lf_bound *zp = rest->z + (size_t)p * LF_ZN;
            D->only = moves[i];
            D->len = 0;
            for (;;) {
                memcpy(D->z, zp, sizeof D->z);
                D->depth = 0;
                D->dead = 0;
                D->greached = 0;
                D->nout = 0;
                lf_model_expand(D, s);
                if (D->deep) return D->deep;
                if (!D->greached && !D->dead && lf_has_integer_point(D->z) && !lf_zlist_add(nxt, D->z))
                    return LF_Z_NOMEM;
                if (!lf_next_path(D)) break;
            }
        }
        lf_zlist *t = rest;
        rest = nxt;
        nxt = t;
        if (rest->n == 0) return LF_Z_OK;
    }
    int urgent = lf_model_urgent(s);
    for (int p = 0; p < rest->n; p++) {
        const lf_bound *zp = rest->z + (size_t)p * LF_ZN;
        lf_bound full[LF_ZN];
        memcpy(full, zp, sizeof full);
        int ok = 1;
        for (int x = 1; x < LF_DIM && ok; x++) ok = lf_constrain_op(full, x, 0, 4, m[x] + 1);
        if (ok && lf_has_integer_point(full)) {
            *out = 1;
            return LF_Z_OK;
        }
        if (urgent) {
            *out = 1;
            return LF_Z_OK;
        }
        lf_bound later[LF_ZN];
        memcpy(later, zp, sizeof later);
        lf_zshift(later);
        /* some integer point one tick later outside the invariants: the parts inside, subtracted
         * point by point, are found as the runs of the invariant that end false */
        D->guard_only = 0;
        D->len = 0;
        for (;;) {
            memcpy(D->z, later, sizeof D->z);
            D->depth = 0;
            D->dead = 0;
            int v = lf_model_inv(D, s);
            if (D->deep) return D->deep;
            if (!D->dead && v != 1 && lf_has_integer_point(D->z)) {
                *out = 1;
                return LF_Z_OK;
            }
            if (!lf_next_path(D)) break;
        }
        D->guard_only = 1;
    }
    return LF_Z_OK;
}

LF_EXPORT int64_t lf_zdeadlock(void) { return ZD.first; }


/* The entry zone closed under delay, as pieces (``delay`` of engine.py); LF_Z_* status. */
static int lf_delay(lf_ctx *X, const lf_word *s, const lf_bound *entry, lf_zlist *out) {
    out->n = 0;
    if (!lf_zlist_add(out, entry)) return LF_Z_NOMEM;
    if (lf_model_urgent(s)) return LF_Z_OK;
    lf_zlist inside = {0};
    int r = lf_inv_parts(X, s, entry, &inside);
    for (int p = 0; r == LF_Z_OK && p < inside.n; p++) {
        lf_bound later[LF_ZN];
        memcpy(later, inside.z + (size_t)p * LF_ZN, sizeof later);
        lf_dbm_up(later, LF_DIM);
        r = lf_inv_parts(X, s, later, out);
    }
    free(inside.z);
    if (r != LF_Z_OK) return r;
    /* drop the pieces inside another one (the first of equal ones stays) */
    int n = out->n, kept = 0;
    char *drop = calloc((size_t)n, 1);
    if (!drop) return LF_Z_NOMEM;
    for (int k = 0; k < n; k++) {
        const lf_bound *a = out->z + (size_t)k * LF_ZN;
        for (int j = 0; j < n && !drop[k]; j++) {
            if (j == k) continue;
            const lf_bound *b = out->z + (size_t)j * LF_ZN;
            if (lf_dbm_is_subset(a, b, LF_DIM) && (memcmp(a, b, sizeof(lf_bound) * LF_ZN) != 0 || j < k)) drop[k] = 1;
        }
    }
    for (int k = 0; k < n; k++)
        if (!drop[k]) {
            if (kept != k) memmove(out->z + (size_t)kept * LF_ZN, out->z + (size_t)k * LF_ZN, sizeof(lf_bound) * LF_ZN);
            kept++;
        }
    out->n = kept;
    free(drop);
    return LF_Z_OK;
}

/* ---- the store and the search ------------------------------------------------------------------- */

typedef struct {
    lf_word s[LF_WORDS];
    int64_t next;   /* the next node of the same discrete state, -1 */
    int64_t parent; /* -1 for the initial node */
    int32_t move;
    int32_t pad;
} lf_znode_t;

static struct {
    lf_znode_t *node;
    lf_bound *zone;
    int64_t n, c;
    int64_t *slot; /* open addressing: discrete state -> its first node, -1 empty */
    uint64_t mask;
    int64_t discrete, transitions, depth, errors;
    int64_t err_node, err_move; /* the first (node, move) hitting a model error, -1 */
    int32_t m[LF_DIM], row0[LF_DIM];
    int64_t qfound[LF_NQ + 1], qerr[LF_NQ + 1]; /* per state check: first node found (violated or
                                                  witnessed), first node with an error; -1 none */
    uint64_t budget; /* bytes the store may hold (nodes, zones, slots), 0: no bound (--max-memory) */
} Z;

/* Bytes the store holds now. */
static uint64_t lf_zheld(void) {
    return (uint64_t)Z.c * (sizeof(lf_znode_t) + sizeof(lf_bound) * LF_ZN) + (Z.mask ? (Z.mask + 1) * sizeof(int64_t) : 0);
}

/* Whether the store may grow by ``more`` bytes (both copies live while an array is moved). */
static int lf_zfits(uint64_t more) { return !Z.budget || lf_zheld() + more <= Z.budget; }

static uint64_t lf_zhash(const lf_word *s) {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int w = 0; w < LF_WORDS; w++) {
        h ^= s[w];
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 31;
    }
    return h;
}

/* Double the slots; LF_Z_* status. */
static int lf_zgrow_slots(void) {
    uint64_t cap = Z.mask ? 2 * (Z.mask + 1) : 1024;
    if (Z.mask && !lf_zfits(sizeof(int64_t) * cap)) return LF_Z_MEMORY; /* the first tables always */
    int64_t *slot = malloc(sizeof(int64_t) * cap);
    if (!slot) return LF_Z_NOMEM;
    for (uint64_t i = 0; i < cap; i++) slot[i] = -1;
    for (uint64_t i = 0; Z.mask && i <= Z.mask; i++) {
        int64_t k = Z.slot[i];
        if (k < 0) continue;
        uint64_t h = lf_zhash(Z.node[k].s) & (cap - 1);
        while (slot[h] >= 0) h = (h + 1) & (cap - 1);
        slot[h] = k;
    }
    free(Z.slot);
    Z.slot = slot;
    Z.mask = cap - 1;
    return LF_Z_OK;
}

/* The slot of discrete state ``s`` (its first node, or -1 where it would go). */
static uint64_t lf_zfind(const lf_word *s) {
    uint64_t h = lf_zhash(s) & Z.mask;
    while (Z.slot[h] >= 0 && memcmp(Z.node[Z.slot[h]].s, s, sizeof(lf_word) * LF_WORDS) != 0) h = (h + 1) & Z.mask;
    return h;
}

/* Store zone ``z`` of ``s`` unless a stored zone of ``s`` includes it; LF_Z_* status. */
static int lf_zadd(const lf_word *s, const lf_bound *z, int64_t parent, int move) {
    if ((uint64_t)(Z.discrete + 1) * 2 > Z.mask + 1) {
        int g = lf_zgrow_slots();
        if (g != LF_Z_OK) return g;
    }
    uint64_t h = lf_zfind(s);
    int64_t first = Z.slot[h], last = -1;
    for (int64_t k = first; k >= 0; k = Z.node[k].next) {
        if (lf_dbm_is_subset(z, Z.zone + (size_t)k * LF_ZN, LF_DIM)) return LF_Z_OK;
        last = k;
    }
    if (Z.n == Z.c) {
        int64_t c = Z.c ? 2 * Z.c : 1024;
        if (Z.c && !lf_zfits((uint64_t)c * (sizeof(lf_znode_t) + sizeof(lf_bound) * LF_ZN))) return LF_Z_MEMORY;
        lf_znode_t *nn = realloc(Z.node, sizeof(lf_znode_t) * (size_t)c);
        if (!nn) return LF_Z_NOMEM;
        Z.node = nn;
        lf_bound *zz = realloc(Z.zone, sizeof(lf_bound) * LF_ZN * (size_t)c);
        if (!zz) return LF_Z_NOMEM;
        Z.zone = zz;
        Z.c = c;
    }
    int64_t k = Z.n++;
    memcpy(Z.node[k].s, s, sizeof(lf_word) * LF_WORDS);
    memcpy(Z.zone + (size_t)k * LF_ZN, z, sizeof(lf_bound) * LF_ZN);
    Z.node[k].next = -1;
    Z.node[k].parent = parent;
    Z.node[k].move = move;
    if (last < 0) {
        Z.slot[h] = k;
        Z.discrete++;
    } else {
        Z.node[last].next = k;
    }
    return LF_Z_OK;
}

/* Delay, widen (Extra_M) and store each piece of ``entry`` at ``s``; ``XI`` is the context the
 * invariants are judged in (not the one of the move being run, whose choices it would clobber). */
static int lf_zenter(lf_ctx *XI, const lf_word *s, const lf_bound *entry, int64_t parent, int move, lf_zlist *tmp) {
    int r = lf_delay(XI, s, entry, tmp);
    for (int p = 0; r == LF_Z_OK && p < tmp->n; p++) {
        lf_bound *z = tmp->z + (size_t)p * LF_ZN;
        lf_dbm_extra_lu(z, LF_DIM, Z.m, Z.m, 0, Z.row0);
        r = lf_zadd(s, z, parent, move);
    }
    return r;
}

/* The state checks on node ``k``'s zone (Judging.node of zones/check.py): each check not yet
 * settled is run once per part of the zone its clock atoms make; a part with an integer point
 * where an invariant check is false (a reachable check true) makes ``k`` its first node found, one
 * where it hits a model error its first node with an error. A check is settled when found and
 * either erred or unable to err. Which parts the atoms make does not matter: the parts cover the
 * zone's integer points, so "some part with an integer point" is "some integer point". */
static int lf_zjudge(lf_ctx *X, int64_t k, const lf_word *s, const lf_bound *z) {
    for (int q = 0; q < LF_NQ; q++) {
        if (Z.qfound[q] >= 0 && (Z.qerr[q] >= 0 || !lf_zq_risky[q])) continue;
        X->len = 0;
        for (;;) {
            memcpy(X->z, z, sizeof X->z);
            X->depth = 0;
            X->dead = 0;
            int v = lf_zq(X, q, s);
            if (X->deep) return X->deep;
            if (!X->dead && lf_has_integer_point(X->z)) {
                if (v == 2) {
                    if (Z.qerr[q] < 0) Z.qerr[q] = k;
                } else if (v == (q < LF_NINV ? 0 : 1)) {
                    if (Z.qfound[q] < 0) Z.qfound[q] = k;
                }
            }
            if (!lf_next_path(X)) break;
        }
    }
    return LF_Z_OK;
}

/* Per state check q (the plan's invariant checks, then its reachable checks): the first node
 * found and the first node with a model error (-1: none), as the last search left them. */
/* Per property id: the first (node, move) whose step violates it (an ordering monitor, an
 * only-when condition; -1: none), the first where its only-when condition hits a model error, and
 * whether its monitor overflowed, as the last search left them. */
LF_EXPORT int lf_zsteps(int64_t *node, int64_t *move, int64_t *enode, int64_t *emove, int64_t *over) {
    for (int p = 0; p < LF_ZNPIDS; p++) {
        node[p] = ZM.node[p];
        move[p] = ZM.move[p];
        enode[p] = ZM.enode[p];
        emove[p] = ZM.emove[p];
        over[p] = ZM.over[p];
    }
    return LF_ZNPIDS;
}

LF_EXPORT int lf_zchecks(int64_t *found, int64_t *err) {
    for (int q = 0; q < LF_NQ; q++) {
        found[q] = Z.qfound[q];
        err[q] = Z.qerr[q];
    }
    return LF_NQ;
}

static int lf_int_cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

LF_EXPORT void lf_zfree(void) {
    free(Z.node);
    free(Z.zone);
    free(Z.slot);
    memset(&Z, 0, sizeof Z);
}

/* The search: ``m`` the Extra_M constant of each clock (index 0 unused, -1: never compared);
 * ``out``: nodes, discrete states, transitions, depth, (node, move) pairs with a model error.
 * Returns an LF_Z_* status (LF_Z_BOUND: stopped at ``max_nodes``, 0: none; LF_Z_MEMORY: the store
 * would pass ``max_bytes``, 0: none). */
LF_EXPORT int lf_zsearch(const int32_t *m, int64_t max_nodes, int64_t max_bytes, int64_t *out) {
    lf_zfree();
    Z.budget = max_bytes > 0 ? (uint64_t)max_bytes : 0;
    for (int x = 0; x < LF_DIM; x++) Z.m[x] = x ? m[x] : 0;
    for (int q = 0; q <= LF_NQ; q++) Z.qfound[q] = Z.qerr[q] = -1;
    ZD.first = -1;
    Z.err_node = Z.err_move = -1;
    for (int p = 0; p <= LF_ZNPIDS; p++) {
        ZM.node[p] = ZM.move[p] = ZM.enode[p] = ZM.emove[p] = -1;
        ZM.over[p] = 0;
    }
    lf_ctx *X = calloc(1, sizeof(lf_ctx)), *XI = calloc(1, sizeof(lf_ctx));
    ZM.w = calloc(1, sizeof(lf_ctx));
    ZM.v = calloc(1, sizeof(lf_ctx));
    int *moves = malloc(sizeof(int) * (LF_NMOVES + 1));
    lf_zlist tmp = {0};
    int r = (X && XI && ZM.w && ZM.v && moves) ? lf_zgrow_slots() : LF_Z_NOMEM;
    if (r == LF_Z_OK) {
        X->moves = moves;
        X->track = 1;
        lf_word s0[LF_WORDS] = {0};
        lf_model_init(s0);
        lf_bound z0[LF_ZN];
        lf_dbm_zero(z0, LF_DIM);
        r = lf_zenter(XI, s0, z0, -1, -1, &tmp);
    }
    int64_t k = 0, layer_end = Z.n;
    while (r == LF_Z_OK && k < Z.n) {
        lf_word s[LF_WORDS];
        lf_bound z[LF_ZN];
        memcpy(s, Z.node[k].s, sizeof s);
        memcpy(z, Z.zone + (size_t)k * LF_ZN, sizeof z);
        r = lf_zjudge(XI, k, s, z);
        if (r == LF_Z_OK && LF_NSTABLE) r = lf_zstable_node(XI, k, s, z);
        if (r != LF_Z_OK) break;
        X->ps = s;
        X->node = k;
        X->only = -2;
        X->nmoves = 0;
        X->dead = 0;
        lf_model_expand(X, s);
        qsort(moves, (size_t)X->nmoves, sizeof(int), lf_int_cmp);
        if (LF_ZDEADLOCK && ZD.first < 0) {
            int dl = 0;
            r = lf_zdeadlocked(ZM.w, s, z, moves, X->nmoves, Z.m, &dl);
            ZM.w->guard_only = 0;
            if (r != LF_Z_OK) break;
            if (dl) ZD.first = k;
        }
        for (int i = 0; r == LF_Z_OK && i < X->nmoves; i++) {
            if (max_nodes > 0 && Z.n >= max_nodes) {
                r = LF_Z_BOUND;
                break;
            }
            X->only = moves[i];
            X->len = 0;
            int erred = 0;
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
                        if (!erred && lf_has_integer_point(b->z)) {
                            erred = 1;
                            if (Z.errors++ == 0) {
                                Z.err_node = k;
                                Z.err_move = b->move;
                            }
                        }
                        continue;
                    }
                    Z.transitions++;
                    r = lf_zenter(XI, b->s, b->z, k, b->move, &tmp);
                }
                if (r != LF_Z_OK || !lf_next_path(X)) break;
            }
        }
        k++;
        if (k == layer_end && Z.n > layer_end) {
            Z.depth++;
            layer_end = Z.n;
        }
    }
    out[0] = Z.n;
    out[1] = Z.discrete;
    out[2] = Z.transitions;
    out[3] = Z.depth;
    out[4] = Z.errors;
    free(tmp.z);
    if (X) free(X->out);
    free(X);
    free(XI);
    free(ZM.w);
    free(ZM.v);
    ZM.w = ZM.v = NULL;
    free(ZD.a.z);
    free(ZD.b.z);
    memset(&ZD.a, 0, sizeof ZD.a);
    memset(&ZD.b, 0, sizeof ZD.b);
    free(moves);
    return r;
}

/* Node ``k``: its discrete state (LF_WORDS words), its zone (LF_ZN bounds), parent and move. */
LF_EXPORT int lf_znode(int64_t k, lf_word *s, int32_t *zone, int64_t *parent_move) {
    if (k < 0 || k >= Z.n) return 0;
    memcpy(s, Z.node[k].s, sizeof(lf_word) * LF_WORDS);
    memcpy(zone, Z.zone + (size_t)k * LF_ZN, sizeof(lf_bound) * LF_ZN);
    parent_move[0] = Z.node[k].parent;
    parent_move[1] = Z.node[k].move;
    return 1;
}

/* The store as memory another module reads (lf_zcells of a live module: the roots of its cell
 * graphs): node k's state at ``*states`` + k * shape[0] bytes, its zone at ``*zones`` + k * LF_ZN
 * bounds; shape = {stride, nodes, LF_WORDS, LF_DIM}. Valid until the next lf_zsearch or lf_zfree. */
LF_EXPORT void lf_zview(const void **states, const void **zones, int64_t *shape) {
    *states = Z.node ? (const void *)Z.node[0].s : NULL;
    *zones = Z.zone;
    shape[0] = (int64_t)sizeof(lf_znode_t);
    shape[1] = Z.n;
    shape[2] = LF_WORDS;
    shape[3] = LF_DIM;
}

/* The first (node, move) that hit a model error (-1, -1: none). */
LF_EXPORT void lf_zerror(int64_t *out) {
    out[0] = Z.err_node;
    out[1] = Z.err_move;
}

/* The discrete states of every node, LF_WORDS words each, masked by ``mask`` (LF_WORDS words). */
LF_EXPORT void lf_zstates(const lf_word *mask, lf_word *out) {
    for (int64_t k = 0; k < Z.n; k++)
        for (int w = 0; w < LF_WORDS; w++) out[k * LF_WORDS + w] = Z.node[k].s[w] & mask[w];
}

static int lf_words_cmp(const void *a, const void *b) { return memcmp(a, b, sizeof(lf_word) * LF_WORDS); }

/* How many distinct discrete states the nodes have, masked by ``mask`` (sorted in one array of
 * LF_WORDS words a node, so that counting costs no more than the nodes' states); -1 when that
 * array cannot be allocated. */
LF_EXPORT int64_t lf_zdistinct(const lf_word *mask) {
    if (Z.n == 0) return 0;
    lf_word *all = malloc(sizeof(lf_word) * LF_WORDS * (size_t)Z.n);
    if (!all) return -1;
    lf_zstates(mask, all);
    qsort(all, (size_t)Z.n, sizeof(lf_word) * LF_WORDS, lf_words_cmp);
    int64_t count = 1;
    for (int64_t k = 1; k < Z.n; k++)
        if (memcmp(all + k * LF_WORDS, all + (k - 1) * LF_WORDS, sizeof(lf_word) * LF_WORDS)) count++;
    free(all);
    return count;
}

/* [abi version, words, bits, moves, clocks] (native/build.py checks the first when it loads a module) */
LF_EXPORT void lf_info(int64_t *out) {
    out[0] = LF_ABI_VERSION;
    out[1] = LF_WORDS;
    out[2] = LF_BITS;
    out[3] = LF_NMOVES;
    out[4] = LF_NCLOCKS;
}
