/* lf_engine.c: the runtime's search, included at the end of a model module (see lf_runtime.h).
 *
 * Breadth-first search from the initial state, layer by layer, over the arena of lf_store.h
 * (a state's index is its discovery order, so a layer is a range of indices and the arena is
 * the queue). Expanding a state runs lf_model_expand, which reports its successors into a
 * buffer and its violations as "pending"; the successors are then looked up and added in
 * the order reported, so with one thread the search visits states in exactly the order of the
 * Python engine (checker/search.py) and finds the same first violations, the same witnesses
 * and the same shortest traces. A property's open flag is cleared when its first violation
 * is committed, and the module skips its checks from then on.
 *
 * The search runs in slices (lf_step returns after about the time asked for), so the Python
 * driver can print progress, honour Ctrl-C and should_stop, and resume. With several threads
 * (lf_par.c) each layer is shared out between them and then put in the one-thread order: the
 * store, first violations, witnesses and traces are the same at any number of threads.
 */

#include <pthread.h>
#include <time.h>

#include "lf_store.h"
#include "lf_sym.h"

enum { LF_MODE_SEARCH = 0, LF_MODE_GRAPH = 1, LF_MODE_RAW = 2 };

/* Status of lf_step: RUNNING means "call again"; the others are final. */
enum {
    LF_RUNNING = 0,
    LF_DONE = 1,
    LF_MAX_STATES = 2,
    LF_MEMORY = 3,
    LF_DECIDED = 4,
    LF_FAILED = 5 /* the module broke the ABI (more successors than moves); a bug */
};

enum { LF_P_VIOL = 0, LF_P_DEAD = 1, LF_P_REACH = 2, LF_P_OVER = 3 };

typedef struct {
    int32_t kind, id, move;
    uint32_t seq; /* successors reported before it */
} lf_pending;

typedef struct lf_search lf_search;

struct lf_ctx {
    lf_search *S;
    int mode;
    int moved;           /* some step is enabled (a successor or a model error) */
    uint32_t cur;        /* index of the state being expanded */
    uint32_t nbuf;
    int overflow;        /* more successors than LF_NMOVES: the module breaks the ABI */
    int nomem;           /* a report could not be kept (malloc failed) */
    const uint8_t *open; /* the search's open flags, or all zero */
    const uint8_t *reach_open;
    lf_word *buf;        /* LF_NMOVES successors */
    uint16_t *bmove;
    uint64_t *bhash;
    lf_pending *pend;
    uint32_t npend, cpend;
    uint64_t ntr;        /* transitions counted by this context */
    int32_t *bnode;      /* graph mode: which successors are a model error (lf_graph_expand) */
};

typedef struct {
    int64_t index, move; /* -1 index: not found */
} lf_found;

struct lf_search {
    lf_mem mem;
    lf_store st;
    int threads;
    int nctx; /* contexts: LF_EXPAND_BATCH a thread (lf_expand_batch) */
    int symmetry;
    int until_decided;
    uint64_t max_states;
    uint8_t open[LF_NPROPS + 1];
    uint8_t reach_open[LF_NREACH + 1];
    uint8_t dead_open;
    uint8_t gave_up[LF_NPROPS + 1];
    uint8_t closed[LF_NPROPS + 1 > LF_NREACH + 1 ? LF_NPROPS + 1 : LF_NREACH + 1]; /* all zero */
    lf_found found[LF_NPROPS + 1];
    lf_found dead;
    int64_t witness[LF_NREACH + 1];
    uint64_t cursor, layer_end, depth, transitions;
    lf_vec layers; /* uint64: the first index of each layer */
    int status;
    double seconds;
    double crit; /* CPU seconds along the critical path: the search's time on free cores (lf_par.c) */
    lf_ctx **ctx;
    pthread_mutex_t lock;
    /* the parallel search: ranges of the current layer handed back unfinished */
    uint64_t *left_lo, *left_hi;
    uint32_t nleft;
    lf_vec first; /* lf_first: the note of each record of the layer being built (lf_par.c) */
    int pause;
    double deadline;
    /* liveness (lf_live.c) */
    struct lf_live *live;
};

static double lf_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double lf_thread_cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- hooks ---------------------------------------------------------------------------------- */

LF_HOOK int lf_open(const lf_ctx *X, int pid) {
    return __atomic_load_n(&X->open[pid], __ATOMIC_RELAXED);
}

LF_HOOK int lf_graph_mode(const lf_ctx *X) { return X->mode != LF_MODE_SEARCH; }

LF_HOOK int lf_reach_open(const lf_ctx *X, int j) {
    return __atomic_load_n(&X->reach_open[j], __ATOMIC_RELAXED);
}

static void lf_pend(lf_ctx *X, int kind, int id, int move) {
    if (X->mode != LF_MODE_SEARCH) return;
    if (X->npend == X->cpend) {
        uint32_t cap = X->cpend ? X->cpend * 2 : 16;
        lf_pending *p = lf_alloc(&X->S->mem, cap * sizeof *p, 0);
        if (p == NULL) { /* the search stops (memory) rather than lose a report */
            X->nomem = 1;
            return;
        }
        if (X->npend) memcpy(p, X->pend, X->npend * sizeof *p);
        lf_release(&X->S->mem, X->pend, X->cpend * sizeof *p);
        X->pend = p;
        X->cpend = cap;
    }
    X->pend[X->npend++] = (lf_pending){kind, id, move, X->nbuf};
}

LF_HOOK void lf_reached(lf_ctx *X, int j) { lf_pend(X, LF_P_REACH, j, -1); }
LF_HOOK void lf_viol(lf_ctx *X, int pid, int move) { lf_pend(X, LF_P_VIOL, pid, move); }
LF_HOOK void lf_over(lf_ctx *X, int pid) { lf_pend(X, LF_P_OVER, pid, -1); }

LF_HOOK void lf_error(lf_ctx *X, int move) {
    if (move >= 0) {
        X->moved = 1;
        if (X->mode != LF_MODE_SEARCH) { /* the graph keeps the move: it is enabled */
            if (X->nbuf >= LF_NMOVES) {
                X->overflow = 1;
                return;
            }
            X->bmove[X->nbuf] = (uint16_t)move;
            X->bhash[X->nbuf] = UINT64_MAX; /* marks "no state" */
            X->nbuf++;
            return;
        }
    }
    if (X->open[LF_ERRORS]) lf_pend(X, LF_P_VIOL, LF_ERRORS, move);
}

LF_HOOK void lf_succ_canonical(lf_ctx *X, int move, const lf_word *n) {
    X->moved = 1;
    if (X->nbuf >= LF_NMOVES) {
        X->overflow = 1;
        return;
    }
    lf_word *d = X->buf + (size_t)X->nbuf * LF_WORDS;
    if (X->mode == LF_MODE_SEARCH) {
        memcpy(d, n, sizeof(lf_word) * LF_WORDS);
    } else { /* the liveness graph is over model states: monitor fields masked off */
        for (int i = 0; i < LF_WORDS; i++) d[i] = n[i] & lf_model_mask[i];
    }
    X->bmove[X->nbuf] = (uint16_t)move;
    X->bhash[X->nbuf] = 0;
    X->nbuf++;
}

LF_HOOK void lf_succ(lf_ctx *X, int move, lf_word *n) {
    if (X->mode == LF_MODE_RAW || !X->S->symmetry) {
        lf_succ_canonical(X, move, n);
        return;
    }
#if LF_NSYM > 0
    if (X->mode == LF_MODE_SEARCH) {
        lf_canon(n);
        lf_succ_canonical(X, move, n);
        return;
    }
    lf_word m[LF_WORDS];
    for (int i = 0; i < LF_WORDS; i++) m[i] = n[i] & lf_model_mask[i];
    lf_canon(m);
    lf_succ_canonical(X, move, m);
#else
    lf_succ_canonical(X, move, n);
#endif
}

/* ---- contexts --------------------------------------------------------------------------------- */

static void lf_ctx_free(lf_ctx *X);

static lf_ctx *lf_ctx_new(lf_search *S, int mode) {
    lf_ctx *X = calloc(1, sizeof *X);
    if (X == NULL) return NULL;
    X->S = S;
    X->mode = mode;
    X->open = mode == LF_MODE_SEARCH ? S->open : S->closed;
    X->reach_open = mode == LF_MODE_SEARCH ? S->reach_open : S->closed;
    lf_mem *m = &S->mem;
    X->buf = lf_alloc(m, sizeof(lf_word) * LF_WORDS * LF_NMOVES, 0);
    X->bmove = lf_alloc(m, sizeof(uint16_t) * LF_NMOVES, 0);
    X->bhash = lf_alloc(m, sizeof(uint64_t) * LF_NMOVES, 0);
    X->bnode = lf_alloc(m, sizeof(int32_t) * LF_NMOVES, 0);
    if (!X->buf || !X->bmove || !X->bhash || !X->bnode) {
        lf_ctx_free(X);
        return NULL;
    }
    return X;
}

/* Free a context (its buffers were counted against its search's budget). */
static void lf_ctx_free(lf_ctx *X) {
    if (X == NULL) return;
    lf_mem *m = &X->S->mem;
    lf_release(m, X->buf, sizeof(lf_word) * LF_WORDS * LF_NMOVES);
    lf_release(m, X->bmove, sizeof(uint16_t) * LF_NMOVES);
    lf_release(m, X->bhash, sizeof(uint64_t) * LF_NMOVES);
    lf_release(m, X->bnode, sizeof(int32_t) * LF_NMOVES);
    lf_release(m, X->pend, X->cpend * sizeof(lf_pending));
    free(X);
}

/* Run the module on ``s`` (index ``cur``): successors in X's buffer, violations pending. */
static void lf_expand(lf_ctx *X, const lf_word *s, uint32_t cur) {
    X->cur = cur;
    X->nbuf = 0;
    X->npend = 0;
    X->moved = 0;
    lf_model_expand(X, s);
#if LF_HAS_DEADLOCK
    if (X->mode == LF_MODE_SEARCH && !X->moved && __atomic_load_n(&X->S->dead_open, __ATOMIC_RELAXED) &&
        !lf_model_final(s))
        lf_pend(X, LF_P_DEAD, -1, -1);
#endif
}

/* Record the pending reports of state ``cur`` made before successor number ``upto`` was reported
 * (all of them when upto is UINT32_MAX). The earliest state wins, and in it the first report (threads
 * may commit out of order). One thread closes the property (or the deadlock check, or the reach
 * target) at once, so that the states after ``cur`` skip its checks; several leave it open until the
 * layer is done (lf_close_decided): a state of the layer that comes before ``cur`` but is expanded
 * after it by another thread is still checked, so the first violation is the one thread's. */
static void lf_commit(lf_search *S, lf_ctx *X, uint32_t upto) {
    if (X->npend == 0) return;
    int par = S->threads > 1;
    if (par) pthread_mutex_lock(&S->lock);
    int64_t cur = X->cur;
    for (uint32_t k = 0; k < X->npend; k++) {
        lf_pending *p = &X->pend[k];
        if (p->seq > upto) break;
        lf_found *f = NULL;
        switch (p->kind) {
        case LF_P_VIOL:
            f = &S->found[p->id];
            if (!par) S->open[p->id] = 0;
            break;
        case LF_P_DEAD:
            f = &S->dead;
            if (!par) S->dead_open = 0;
            break;
        case LF_P_REACH:
            if (S->witness[p->id] < 0 || cur < S->witness[p->id]) S->witness[p->id] = cur;
            if (!par) S->reach_open[p->id] = 0;
            break;
        default:
            S->gave_up[p->id] = 1;
        }
        if (f != NULL && (f->index < 0 || cur < f->index)) {
            f->index = cur;
            f->move = p->move;
        }
    }
    X->npend = 0;
    if (par) pthread_mutex_unlock(&S->lock);
}

/* Close what the layer just done decided (the parallel search, between rounds; see lf_commit). */
static void lf_close_decided(lf_search *S) {
    for (int p = 0; p <= LF_NPROPS; p++)
        if (S->found[p].index >= 0) S->open[p] = 0;
    if (S->dead.index >= 0) S->dead_open = 0;
    for (int j = 0; j < LF_NREACH; j++)
        if (S->witness[j] >= 0) S->reach_open[j] = 0;
}

static int lf_all_decided(const lf_search *S) {
    for (int p = 0; p < LF_NPROPS; p++)
        if (S->open[p]) return 0;
    for (int j = 0; j < LF_NREACH; j++)
        if (S->reach_open[j]) return 0;
    return !(LF_HAS_DEADLOCK && S->dead_open);
}

/* ---- the single-thread search ----------------------------------------------------------------- */

/* Expand stored state ``cur`` into X's buffer. */
static void lf_expand_stored(lf_search *S, lf_ctx *X, uint64_t cur) {
    lf_word s[LF_WORDS];
    lf_unpack(s, lf_rec(&S->st, cur));
    lf_expand(X, s, (uint32_t)cur);
}

/* The status after expanding: LF_FAILED (ABI breach), LF_MEMORY (a report was lost) or LF_RUNNING. */
static int lf_expand_status(const lf_ctx *X) {
    return X->overflow ? LF_FAILED : X->nomem ? LF_MEMORY : LF_RUNNING;
}

/* Add the successors of the state X expanded (their hashes in X->bhash: lf_expand_batch); LF_RUNNING
 * or a final status. */
static int lf_add_succ(lf_search *S, lf_ctx *X) {
    lf_store *st = &S->st;
    if (lf_expand_status(X) != LF_RUNNING) return lf_expand_status(X);
    uint32_t nb = X->nbuf;
    if (st->count + nb > st->grow_at && !lf_store_grow(st, nb)) {
        lf_commit(S, X, UINT32_MAX);
        return LF_MEMORY;
    }
    if (!lf_store_reserve(st, st->count + nb)) {
        lf_commit(S, X, UINT32_MAX);
        return LF_MEMORY;
    }
    uint8_t packed[LF_SBYTES];
    uint32_t parent = X->cur;
    lf_ctx *T = S->ctx[0]; /* counts the transitions */
    for (uint32_t i = 0; i < nb; i++) {
        lf_pack(packed, X->buf + (size_t)i * LF_WORDS);
        lf_slot *slot = lf_store_probe(st, packed, X->bhash[i]);
        if (*slot) continue;
        if (st->count >= S->max_states) {
            T->ntr += i + 1; /* as checker/search.py: the step to the state not stored is counted */
            lf_commit(S, X, i);
            return LF_MAX_STATES;
        }
        lf_set_link(lf_store_add(st, slot, packed, X->bhash[i]), parent, X->bmove[i]);
    }
    T->ntr += nb;
    lf_commit(S, X, UINT32_MAX);
    return LF_RUNNING;
}

/* Start the next layer when the current one is done; LF_DONE when it was the last. */
static int lf_next_layer(lf_search *S) {
    if (S->cursor < S->layer_end) return LF_RUNNING;
    uint64_t count = __atomic_load_n(&S->st.count, __ATOMIC_RELAXED);
    if (count == S->layer_end) return LF_DONE;
    if (!lf_vec_reserve(&S->mem, &S->layers, S->layers.len + 1)) return LF_MEMORY;
    ((uint64_t *)S->layers.data)[S->layers.len++] = S->layer_end;
    S->layer_end = count;
    S->depth++;
    return LF_RUNNING;
}

/* The search expands LF_EXPAND_BATCH states of a layer (one context each) before it looks their
 * successors up in order: the lookups' cache misses (a slot, then a record, each) of the whole batch
 * are in flight together rather than a state's at a time. Expanding a state before the reports of
 * the states before it are committed changes nothing: a check the module skips for a closed property
 * would only report again what is decided already, at a later index (lf_commit keeps the earliest);
 * and the successors do not depend on the open flags (the parallel search relies on that too). */
#define LF_CTX_BYTES ((uint64_t)LF_NMOVES * (8 * LF_WORDS + 2 + 8 + 4)) /* a context's buffers */
#define LF_EXPAND_BATCH (LF_CTX_BYTES <= (UINT64_C(1) << 16) ? 8 : 1) /* (large buffers: one at a time) */

/* Expand states lo .. hi-1 (at most LF_EXPAND_BATCH) into contexts B[0 ..], hash their successors
 * and fetch their slots, then the records those slots point to, into the cache. */
static void lf_expand_batch(lf_search *S, lf_ctx **B, uint64_t lo, uint64_t hi) {
    const lf_store *st = &S->st;
    for (uint64_t i = lo; i < hi; i++) {
        lf_ctx *X = B[i - lo];
        lf_expand_stored(S, X, i);
        uint32_t nb = lf_expand_status(X) == LF_RUNNING ? X->nbuf : 0;
        for (uint32_t j = 0; j < nb; j++) {
            uint64_t h = lf_hash(X->buf + (size_t)j * LF_WORDS);
            X->bhash[j] = h;
            __builtin_prefetch(&st->slots[lf_home(st, h)]);
        }
    }
    for (uint64_t i = lo; i < hi; i++) {
        lf_ctx *X = B[i - lo];
        uint32_t nb = lf_expand_status(X) == LF_RUNNING ? X->nbuf : 0;
        for (uint32_t j = 0; j < nb; j++) {
            uint64_t h = X->bhash[j];
            lf_slot v = __atomic_load_n(&st->slots[lf_home(st, h)], __ATOMIC_RELAXED);
            if (v != 0 && v != LF_LOCKED && lf_slot_tagged(st, v, h)) __builtin_prefetch(lf_rec(st, lf_slot_index(st, v)));
        }
    }
}

static int lf_run_seq(lf_search *S, double deadline) {
    for (uint32_t k = 1;; k++) {
        int r = lf_next_layer(S);
        if (r != LF_RUNNING) return r;
        uint64_t lo = S->cursor, hi = lo + LF_EXPAND_BATCH < S->layer_end ? lo + LF_EXPAND_BATCH : S->layer_end;
        lf_expand_batch(S, S->ctx, lo, hi);
        for (uint64_t i = lo; i < hi; i++) {
            r = lf_add_succ(S, S->ctx[i - lo]);
            S->transitions = S->ctx[0]->ntr;
            if (r != LF_RUNNING) return r;
            S->cursor++;
            if (S->until_decided && lf_all_decided(S)) return LF_DECIDED;
        }
        if ((k & 31) == 0 && lf_now() > deadline) return LF_RUNNING;
    }
}

#define LF_EXPORT __attribute__((visibility("default")))

#include "lf_par.c"
#include "lf_live.c"

/* ---- the exported interface (ctypes; see native/engine.py) ------------------------------------ */

/* [abi version, words, bits, moves, props, reach targets, predicates, reduced arrays, deadlock check,
 *  bytes per stored state, contexts (successor buffers) a search thread, bytes of a table slot] */
LF_EXPORT void lf_info(int64_t *out) {
    out[0] = LF_ABI_VERSION;
    out[1] = LF_WORDS;
    out[2] = LF_BITS;
    out[3] = LF_NMOVES;
    out[4] = LF_NPROPS;
    out[5] = LF_NREACH;
    out[6] = LF_NPREDS;
    out[7] = LF_NSYM;
    out[8] = LF_HAS_DEADLOCK;
    out[9] = LF_SBYTES + 6;
    out[10] = LF_EXPAND_BATCH;
    out[11] = sizeof(lf_slot);
}

LF_EXPORT void lf_free(lf_search *S);

/* A new search. ``opts``: [threads, max states (0: none), memory budget in bytes, symmetry,
 * until decided, initial table capacity (0: default)]. A state limit or "until decided" makes it a
 * one-thread search: both stop in the middle of a layer, where only one thread knows which states
 * the one-thread order has visited (lf_par.c). NULL when the budget cannot hold the start,
 * or the symmetry tables are beyond the runtime's limits (LF_SYM_MAX elements, blocks of 1..64 bits). */
LF_EXPORT lf_search *lf_new(const int64_t *opts) {
#if LF_NSYM > 0
    for (int a = 0; a < LF_NSYM; a++) /* tables the canonical form cannot handle: refuse the module */
        if (lf_model_sym[a].count > LF_SYM_MAX || lf_model_sym[a].width < 1 || lf_model_sym[a].width > 64)
            return NULL;
#endif
    lf_sym_init();
    lf_search *S = calloc(1, sizeof *S);
    if (S == NULL) return NULL;
    S->threads = opts[0] < 1 || opts[1] > 0 || opts[4] ? 1 : (int)opts[0];
    S->max_states = opts[1] > 0 && (uint64_t)opts[1] < LF_MAX_INDEX ? (uint64_t)opts[1] : LF_MAX_INDEX;
    S->mem.budget = opts[2] > 0 ? (size_t)opts[2] : SIZE_MAX;
    S->symmetry = LF_NSYM > 0 && opts[3];
    S->until_decided = (int)opts[4];
    uint64_t cap = 1024;
    while (opts[5] > 0 && cap < (uint64_t)opts[5]) cap *= 2;
    while (cap / 4 * 3 < (uint64_t)S->threads * LF_NMOVES * 4) cap *= 2;
    pthread_mutex_init(&S->lock, NULL);
    S->layers.item = sizeof(uint64_t);
    S->first.item = sizeof(lf_first);
    memset(S->open, 1, sizeof S->open);
    memset(S->reach_open, 1, sizeof S->reach_open);
    S->dead_open = 1;
    for (int p = 0; p <= LF_NPROPS; p++) S->found[p].index = -1;
    S->dead.index = -1;
    for (int j = 0; j <= LF_NREACH; j++) S->witness[j] = -1;
    S->nctx = S->threads * LF_EXPAND_BATCH; /* thread t's batch: ctx[t * LF_EXPAND_BATCH ...] */
    S->ctx = calloc((size_t)S->nctx, sizeof(lf_ctx *));
    int ok = S->ctx != NULL && lf_store_init(&S->st, &S->mem, 6, cap) && lf_store_reserve(&S->st, 1);
    for (int t = 0; ok && t < S->nctx; t++) ok = (S->ctx[t] = lf_ctx_new(S, LF_MODE_SEARCH)) != NULL;
    if (!ok) {
        lf_free(S);
        return NULL;
    }
    lf_word s[LF_WORDS];
    memset(s, 0, sizeof s);
    lf_model_init(s);
    if (S->symmetry) lf_canon(s);
    uint8_t packed[LF_SBYTES];
    lf_pack(packed, s);
    uint64_t h = lf_hash(s);
    lf_set_link(lf_store_add(&S->st, lf_store_probe(&S->st, packed, h), packed, h), LF_NO_PARENT, 0);
    S->layer_end = 1;
    S->status = LF_RUNNING;
    return S;
}

LF_EXPORT void lf_free(lf_search *S) {
    if (S == NULL) return;
    lf_live_free(S);
    if (S->ctx != NULL)
        for (int t = 0; t < S->nctx; t++) lf_ctx_free(S->ctx[t]);
    free(S->ctx);
    free(S->left_lo), free(S->left_hi);
    lf_vec_free(&S->mem, &S->layers);
    lf_vec_free(&S->mem, &S->first);
    lf_store_free(&S->st);
    pthread_mutex_destroy(&S->lock);
    free(S);
}

/* Search for about ``seconds``; the status (LF_RUNNING: call again). */
LF_EXPORT int lf_step(lf_search *S, double seconds) {
    if (S->status != LF_RUNNING) return S->status;
    double t0 = lf_now(), c0 = lf_thread_cpu();
    int r;
    if (S->threads > 1) {
        r = lf_run_par(S, t0 + seconds);
    } else {
        r = lf_run_seq(S, t0 + seconds);
        S->crit += lf_thread_cpu() - c0;
    }
    S->seconds += lf_now() - t0;
    if (r == LF_MEMORY) S->mem.failed = 1;
    S->status = r;
    return r;
}

/* [stored states, transitions, depth, status, bytes allocated, memory refused, states expanded,
 *  microseconds of CPU time along the critical path (what the search would take on free cores)] */
LF_EXPORT void lf_stats(const lf_search *S, int64_t *out) {
    out[0] = (int64_t)S->st.count;
    out[1] = (int64_t)S->transitions;
    out[2] = (int64_t)S->depth;
    out[3] = S->status;
    out[4] = (int64_t)S->mem.used;
    out[5] = S->mem.failed;
    out[6] = (int64_t)S->cursor;
    out[7] = (int64_t)(S->crit * 1e6);
}

/* Per property 0..LF_NPROPS (LF_NPROPS: model errors): [index, move] of the first violation
 * (index -1: none), then [index, -1] of the first deadlock, then per reach target its witness. */
LF_EXPORT void lf_results(const lf_search *S, int64_t *found, int64_t *witness, uint8_t *gave_up) {
    for (int p = 0; p <= LF_NPROPS; p++) {
        found[2 * p] = S->found[p].index;
        found[2 * p + 1] = S->found[p].move;
    }
    found[2 * (LF_NPROPS + 1)] = S->dead.index;
    found[2 * (LF_NPROPS + 1) + 1] = -1;
    for (int j = 0; j < LF_NREACH; j++) witness[j] = S->witness[j];
    for (int p = 0; p <= LF_NPROPS; p++) gave_up[p] = S->gave_up[p];
}

/* Close (0) or reopen (1), before the search starts, the checks of property ``pid`` (0..LF_NPROPS;
 * -2: the deadlock check), or (``reach`` nonzero) the search for a witness of reach target ``pid``. */
LF_EXPORT void lf_set_open(lf_search *S, int pid, int reach, int open) {
    if (reach) {
        if (pid >= 0 && pid < LF_NREACH) S->reach_open[pid] = (uint8_t)(open != 0);
    } else if (pid >= 0 && pid <= LF_NPROPS) {
        S->open[pid] = (uint8_t)(open != 0);
    } else if (pid == -2) {
        S->dead_open = (uint8_t)(open != 0);
    }
}

/* State ``index`` as LF_WORDS words; 0 if there is no such state. */
LF_EXPORT int lf_state(const lf_search *S, int64_t index, uint64_t *out) {
    if (index < 0 || (uint64_t)index >= S->st.count) return 0;
    lf_unpack(out, lf_rec(&S->st, (uint64_t)index));
    return 1;
}

/* The move ids from the initial state to state ``index`` into ``out`` (at most ``cap``); the length. */
LF_EXPORT int64_t lf_path(const lf_search *S, int64_t index, uint16_t *out, int64_t cap) {
    if (index < 0 || (uint64_t)index >= S->st.count) return -1;
    int64_t n = 0;
    uint64_t i = (uint64_t)index;
    for (;;) {
        uint32_t parent;
        uint16_t move;
        const uint8_t *r = lf_rec(&S->st, i);
        memcpy(&parent, r + LF_SBYTES, 4);
        memcpy(&move, r + LF_SBYTES + 4, 2);
        if (parent == LF_NO_PARENT) break;
        if (n < cap) out[n] = move;
        n++;
        i = parent;
    }
    for (int64_t a = 0, b = (n < cap ? n : cap) - 1; a < b; a++, b--) {
        uint16_t t = out[a];
        out[a] = out[b];
        out[b] = t;
    }
    return n;
}

/* The first index of each layer (layer 0 is the initial state): returns the number of layers. */
LF_EXPORT int64_t lf_layers(const lf_search *S, int64_t *out, int64_t cap) {
    int64_t n = (int64_t)S->layers.len + 1;
    for (int64_t k = 0; k < n && k < cap; k++) out[k] = k == 0 ? 0 : (int64_t)((uint64_t *)S->layers.data)[k - 1];
    return n;
}
