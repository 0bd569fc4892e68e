/* lf_live.c: leads-to under weak fairness on the explored graph (included by lf_engine.c).
 *
 * The same decision procedure as checker/liveness.py and checker/graph.py, step for step, so
 * that both engines pick the same root, path and component:
 *
 * * Nodes are model states: the stored states with the monitor fields masked off (and made
 *   canonical again under symmetry), numbered in the order the search first reached them;
 *   rep[node] is that first stored state. Without monitor fields the nodes are the stored states.
 * * A node's edges (move, target node; -1 for a move that hits a model error) are generated
 *   the first time an analysis needs them, in the module's order, and kept.
 * * P ~> Q fails iff a node satisfying P and not Q reaches, inside not Q, a fair component:
 *   a strongly connected component (iterative Tarjan, sinks first) where every fair unit
 *   enabled in all its nodes is taken on one of its edges, or a single node with no step to a
 *   state and no fair unit enabled (a stutter). Under symmetry, the units of elements of reduced
 *   arrays are judged per element followed through the permutations (threads_fair).
 * * The answer is a lasso's skeleton: the first such root in node order, the shortest path on
 *   inside not Q to a node of a fair component, and the component's nodes. Python rebuilds the
 *   concrete run from them (api._liveness, LivenessChecker.cycle).
 */

typedef struct lf_live {
    int projected;     /* nodes differ from the stored states */
    lf_store nodes;    /* when projected */
    lf_vec rep;        /* uint32: node -> first stored index (when projected) */
    uint64_t n;
    int64_t *first, *last;
    lf_vec targets;    /* int32 */
    lf_vec emoves;     /* uint16 */
    lf_ctx *gx, *rx;   /* graph-mode and raw-mode contexts */
    int32_t nunits;
    lf_vec path;       /* int64 nodes of the last lasso's path */
    lf_vec comp;       /* int64 nodes of the last lasso's component */
    int64_t root;
    int broken;        /* a successor was not among the nodes: the search was not complete */
    /* scratch of the checks, n entries each, allocated by the first check and kept for the next
     * ones (mapped blocks: allocating them afresh for every check faulted in and zeroed them again) */
    uint8_t *bad, *doomed, *fairs, *flags, *onstack, *seen;
    int32_t *cnum, *loc, *index, *low;
    int64_t *roots, *parent;
} lf_live;

#define LF_SCRATCH(X) \
    X(bad, 1) X(doomed, 1) X(fairs, 1) X(flags, 1) X(onstack, 1) X(seen, 1) \
    X(cnum, 4) X(loc, 4) X(index, 4) X(low, 4) X(roots, 8) X(parent, 8)
#define LF_SCRATCH_BYTES(L, size) ((L)->n ? (L)->n * (size) : 1)

static void lf_live_free(lf_search *S) {
    lf_live *L = S->live;
    if (L == NULL) return;
    lf_mem *m = &S->mem;
    if (L->projected) lf_store_free(&L->nodes);
    lf_vec_free(m, &L->rep);
    lf_release(m, L->first, L->n * sizeof(int64_t));
    lf_release(m, L->last, L->n * sizeof(int64_t));
    lf_vec_free(m, &L->targets);
    lf_vec_free(m, &L->emoves);
    lf_vec_free(m, &L->path);
    lf_vec_free(m, &L->comp);
#define LF_FREE_SCRATCH(f, size) lf_release(m, L->f, LF_SCRATCH_BYTES(L, size));
    LF_SCRATCH(LF_FREE_SCRATCH)
#undef LF_FREE_SCRATCH
    lf_ctx_free(L->gx);
    lf_ctx_free(L->rx);
    free(L);
    S->live = NULL;
}

static int lf_mask_is_full(void) {
    for (int i = 0; i < LF_WORDS; i++) {
        int lo = i * 64, bits = LF_BITS - lo < 64 ? LF_BITS - lo : 64;
        lf_word want = bits <= 0 ? 0 : bits >= 64 ? ~(lf_word)0 : ((lf_word)1 << bits) - 1;
        if ((lf_model_mask[i] & want) != want) return 0;
    }
    return 1;
}

static const lf_store *lf_node_store(const lf_search *S) {
    return S->live->projected ? &S->live->nodes : &S->st;
}

static void lf_node_get(const lf_search *S, uint64_t v, lf_word *s) { lf_unpack(s, lf_rec(lf_node_store(S), v)); }

static int lf_live_graph(lf_search *S);

/* Build the nodes (once), and with ``graph`` the graph's tables; 0 when the budget refuses. */
static int lf_live_init(lf_search *S, int graph) {
    if (S->live != NULL) return !graph || lf_live_graph(S);
    lf_live *L = calloc(1, sizeof *L);
    if (L == NULL) return 0;
    S->live = L;
    L->rep.item = sizeof(uint32_t);
    L->targets.item = sizeof(int32_t);
    L->emoves.item = sizeof(uint16_t);
    L->path.item = sizeof(int64_t);
    L->comp.item = sizeof(int64_t);
    L->root = -1;
    for (int m = 0; m < LF_NMOVES; m++)
        if (lf_model_moves[m].unit >= L->nunits) L->nunits = lf_model_moves[m].unit + 1;
    L->projected = !lf_mask_is_full();
    if (!L->projected) {
        L->n = S->st.count;
    } else {
        /* a finished search's table is not read again (nodes are looked up in their own; the
         * records stay, for states and paths): freed first, it is not held beside the nodes' */
        if (S->status != LF_RUNNING) {
            lf_release(&S->mem, S->st.slots, S->st.cap * sizeof(lf_slot));
            S->st.slots = NULL;
        }
        uint64_t cap = 1024;
        while (cap / 4 * 3 < S->st.count / 2) cap *= 2;
        if (!lf_store_init(&L->nodes, &S->mem, 0, cap)) return 0;
        /* in batches: the projections of LF_BATCH stored states are hashed and their slots, then
         * the records those point to, fetched into the cache before they are looked up in order */
        enum { LF_BATCH = 16 };
        lf_word s[LF_BATCH][LF_WORDS];
        uint64_t hs[LF_BATCH];
        uint8_t packed[LF_SBYTES];
        for (uint64_t i0 = 0; i0 < S->st.count; i0 += LF_BATCH) {
            uint32_t nb = S->st.count - i0 < LF_BATCH ? (uint32_t)(S->st.count - i0) : LF_BATCH;
            const lf_store *ns = &L->nodes;
            for (uint32_t b = 0; b < nb; b++) {
                lf_unpack(s[b], lf_rec(&S->st, i0 + b));
                for (int w = 0; w < LF_WORDS; w++) s[b][w] &= lf_model_mask[w];
                if (S->symmetry) lf_canon(s[b]);
                hs[b] = lf_hash(s[b]);
                __builtin_prefetch(&ns->slots[lf_home(ns, hs[b])]);
            }
            for (uint32_t b = 0; b < nb; b++) {
                lf_slot v = ns->slots[lf_home(ns, hs[b])];
                if (v != 0 && lf_slot_tagged(ns, v, hs[b])) __builtin_prefetch(lf_rec(ns, lf_slot_index(ns, v)));
            }
            for (uint32_t b = 0; b < nb; b++) {
                uint64_t i = i0 + b, h = hs[b];
                lf_pack(packed, s[b]);
                lf_slot *slot = lf_store_probe(&L->nodes, packed, h);
                if (*slot) continue;
                if (L->nodes.count + 1 > L->nodes.grow_at) {
                    if (!lf_store_grow(&L->nodes, 1)) return 0;
                    slot = lf_store_probe(&L->nodes, packed, h);
                }
                if (!lf_store_reserve(&L->nodes, L->nodes.count + 1)) return 0;
                if (!lf_vec_reserve(&S->mem, &L->rep, L->rep.len + 1)) return 0;
                ((uint32_t *)L->rep.data)[L->rep.len++] = (uint32_t)i;
                lf_store_add(&L->nodes, slot, packed, h);
            }
        }
        L->n = L->nodes.count;
    }
    return !graph || lf_live_graph(S);
}

static int lf_live_graph(lf_search *S) {
    lf_live *L = S->live;
    if (L->first != NULL) return 1;
    /* the contexts only the graph needs: counting (after a search stopped at its budget) does without */
    if (L->gx == NULL && (L->gx = lf_ctx_new(S, LF_MODE_GRAPH)) == NULL) return 0;
    if (L->rx == NULL && (L->rx = lf_ctx_new(S, LF_MODE_RAW)) == NULL) return 0;
    L->first = lf_alloc(&S->mem, L->n * sizeof(int64_t), 0);
    L->last = lf_alloc(&S->mem, L->n * sizeof(int64_t), 1);
    if (L->first == NULL || L->last == NULL) return 0;
    for (uint64_t v = 0; v < L->n; v++) L->first[v] = -1;
    return 1;
}

/* The checks' scratch (once); 0 when the budget refuses it. */
static int lf_live_scratch(lf_search *S) {
    lf_live *L = S->live;
    lf_mem *m = &S->mem;
#define LF_ALLOC_SCRATCH(f, size) \
    if (L->f == NULL && (L->f = lf_alloc(m, LF_SCRATCH_BYTES(L, size), 0)) == NULL) return 0;
    LF_SCRATCH(LF_ALLOC_SCRATCH)
#undef LF_ALLOC_SCRATCH
    return 1;
}

static int64_t lf_node_of(const lf_search *S, const lf_word *s) {
    return lf_store_find(lf_node_store(S), s, lf_hash(s));
}

/* Generate and keep node v's edges; 0 when the budget refuses. */
static int lf_graph_expand(lf_search *S, uint64_t v) {
    lf_live *L = S->live;
    lf_ctx *X = L->gx;
    lf_word s[LF_WORDS];
    lf_node_get(S, v, s);
    lf_expand(X, s, (uint32_t)v);
    if (X->overflow) return 0;
    size_t at = L->targets.len;
    if (!lf_vec_reserve(&S->mem, &L->targets, at + X->nbuf) || !lf_vec_reserve(&S->mem, &L->emoves, at + X->nbuf))
        return 0;
    int32_t *tg = (int32_t *)L->targets.data + at;
    uint16_t *em = (uint16_t *)L->emoves.data + at;
    /* hash every successor and fetch its slot, then its record, before the lookups (as
     * lf_expand_batch); bnode keeps which entries are a move hitting a model error (no state) */
    const lf_store *ns = lf_node_store(S);
    int32_t *err = X->bnode;
    for (uint32_t i = 0; i < X->nbuf; i++) {
        err[i] = X->bhash[i] == UINT64_MAX;
        if (err[i]) continue;
        uint64_t h = X->bhash[i] = lf_hash(X->buf + (size_t)i * LF_WORDS);
        __builtin_prefetch(&ns->slots[lf_home(ns, h)]);
    }
    for (uint32_t i = 0; i < X->nbuf; i++) {
        if (err[i]) continue;
        lf_slot sv = ns->slots[lf_home(ns, X->bhash[i])];
        if (sv != 0 && lf_slot_tagged(ns, sv, X->bhash[i])) __builtin_prefetch(lf_rec(ns, lf_slot_index(ns, sv)));
    }
    for (uint32_t i = 0; i < X->nbuf; i++) {
        em[i] = X->bmove[i];
        if (err[i]) {
            tg[i] = -1;
            continue;
        }
        int64_t w = lf_store_find(ns, X->buf + (size_t)i * LF_WORDS, X->bhash[i]);
        if (w < 0) L->broken = 1;
        tg[i] = (int32_t)w;
    }
    L->targets.len = L->emoves.len = at + X->nbuf;
    L->first[v] = (int64_t)at;
    L->last[v] = (int64_t)(at + X->nbuf);
    return 1;
}

#define LF_EDGES(L, v) ((int32_t *)(L)->targets.data)
#define LF_MOVES(L) ((uint16_t *)(L)->emoves.data)

static int32_t lf_unit(int fair, int m) { return fair ? lf_model_moves[m].unit : -1; }

/* Scratch for judging components, sized once per check. */
typedef struct {
    lf_search *S;
    int fair;
    int sym;             /* judge the units of reduced arrays per element */
    int32_t *comp;       /* node -> component number, -1 */
    uint32_t *ucount;    /* per unit: nodes of the component where it is enabled */
    uint64_t *ustamp;    /* per unit: the last node that counted it (+1) */
    uint8_t *utaken;
    int32_t *loc;        /* node -> position in the component being judged, -1 */
    int nomem;
} lf_judge;

static int lf_stutter_fair(lf_judge *J, uint64_t v) {
    lf_live *L = J->S->live;
    for (int64_t e = L->first[v]; e < L->last[v]; e++)
        if (lf_unit(J->fair, LF_MOVES(L)[e]) != -1) return 0;
    return 1;
}

static uint32_t lf_uf_find(uint32_t *parent, uint32_t x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static LF_UNUSED void lf_uf_union(uint32_t *parent, uint32_t a, uint32_t b) {
    a = lf_uf_find(parent, a);
    b = lf_uf_find(parent, b);
    if (a != b) parent[a] = b;
}

#if LF_NSYM > 0
/* Weak fairness of each element of each reduced array, followed through the permutations. */
static int lf_threads_fair(lf_judge *J, const int32_t *scc, uint32_t k, int32_t cid) {
    lf_search *S = J->S;
    lf_live *L = S->live;
    lf_mem *m = &S->mem;
    for (uint32_t i = 0; i < k; i++) J->loc[scc[i]] = (int32_t)i;
    int ok = 1;
    for (int a = 0; a < LF_NSYM && ok; a++) {
        const lf_sym *t = &lf_model_sym[a];
        uint32_t np = t->count, nf = t->nfev;
        if (nf == 0 || np == 0) continue;
        size_t cells = (size_t)k * np;
        uint32_t *parent = lf_alloc(m, cells * sizeof(uint32_t), 0);
        uint8_t *sat = lf_alloc(m, cells * nf, 1);
        uint8_t *en = lf_alloc(m, (size_t)np * nf, 0);
        if (parent == NULL || sat == NULL || en == NULL) {
            J->nomem = 1;
            ok = 0;
        }
        for (size_t c = 0; ok && c < cells; c++) parent[c] = (uint32_t)c;
        lf_word s[LF_WORDS];
        uint32_t pos[LF_SYM_MAX];
        for (uint32_t i = 0; ok && i < k; i++) {
            lf_node_get(S, (uint64_t)scc[i], s);
            for (uint32_t p = 0; p < np; p++) /* twins: positions holding equal blocks */
                for (uint32_t q = p + 1; q < np; q++)
                    if (lf_get(s, t->offs[p], t->width) == lf_get(s, t->offs[q], t->width))
                        lf_uf_union(parent, i * np + p, i * np + q);
            lf_ctx *X = L->rx;
            lf_expand(X, s, (uint32_t)scc[i]);
            for (uint32_t e = 0; e < X->nbuf; e++) {
                if (X->bhash[e] == UINT64_MAX) continue;
                lf_word *n = X->buf + (size_t)e * LF_WORDS;
                lf_canon_perm(n, a, pos);
                int64_t w = lf_node_of(S, n);
                if (w < 0 || J->comp[w] != cid) continue;
                for (uint32_t p = 0; p < np; p++) lf_uf_union(parent, i * np + p, (uint32_t)J->loc[w] * np + pos[p]);
            }
        }
        for (uint32_t i = 0; ok && i < k; i++) {
            uint64_t v = (uint64_t)scc[i];
            memset(en, 0, (size_t)np * nf);
            for (int64_t e = L->first[v]; e < L->last[v]; e++) {
                const lf_move_info *mi = &lf_model_moves[LF_MOVES(L)[e]];
                if (mi->sym == a && mi->fev >= 0) en[(size_t)mi->elem * nf + (size_t)mi->fev] = 1;
            }
            for (uint32_t p = 0; p < np; p++) {
                uint32_t r = lf_uf_find(parent, i * np + p);
                for (uint32_t f = 0; f < nf; f++)
                    if (!en[(size_t)p * nf + f]) sat[(size_t)r * nf + f] = 1;
            }
            for (int64_t e = L->first[v]; e < L->last[v]; e++) { /* taken on an edge inside */
                int32_t w = LF_EDGES(L, v)[e];
                const lf_move_info *mi = &lf_model_moves[LF_MOVES(L)[e]];
                if (w >= 0 && J->comp[w] == cid && mi->sym == a && mi->fev >= 0)
                    sat[(size_t)lf_uf_find(parent, i * np + (uint32_t)mi->elem) * nf + (size_t)mi->fev] = 1;
            }
        }
        for (size_t c = 0; ok && c < cells; c++) {
            uint32_t r = lf_uf_find(parent, (uint32_t)c);
            for (uint32_t f = 0; f < nf; f++)
                if (!sat[(size_t)r * nf + f]) ok = 0;
        }
        lf_release(m, parent, cells * sizeof(uint32_t));
        lf_release(m, sat, cells * nf);
        lf_release(m, en, (size_t)np * nf);
    }
    for (uint32_t i = 0; i < k; i++) J->loc[scc[i]] = -1;
    return ok;
}
#endif

/* Whether a component with an edge inside it has a weakly fair cycle (any cycle when not fair). */
static int lf_fair_scc(lf_judge *J, const int32_t *scc, uint32_t k, int32_t cid) {
    if (!J->fair) return 1;
    lf_live *L = J->S->live;
    for (int32_t u = 0; u < L->nunits; u++) J->ucount[u] = 0, J->utaken[u] = 0, J->ustamp[u] = 0;
    for (uint32_t i = 0; i < k; i++) {
        uint64_t v = (uint64_t)scc[i];
        for (int64_t e = L->first[v]; e < L->last[v]; e++) {
            int m = LF_MOVES(L)[e];
            int32_t u = lf_unit(1, m);
            if (u < 0) continue;
            int32_t w = LF_EDGES(L, v)[e];
            if (w >= 0 && J->comp[w] == cid) J->utaken[u] = 1;
            if (J->sym && lf_model_moves[m].sym >= 0) continue; /* judged per element below */
            if (J->ustamp[u] != v + 1) {
                J->ustamp[u] = v + 1;
                J->ucount[u]++;
            }
        }
    }
    for (int32_t u = 0; u < L->nunits; u++)
        if (J->ucount[u] == k && !J->utaken[u]) return 0;
#if LF_NSYM > 0
    if (J->sym) return lf_threads_fair(J, scc, k, cid);
#endif
    return 1;
}

/* Tarjan over the nodes ``inside`` reachable from ``roots`` (checker/graph.py reach_good): fills
 * doomed (a good component is reachable inside) and fairs (in a good component). 0: out of memory. */
static int lf_reach_good(lf_judge *J, const uint8_t *inside, const int64_t *roots, uint64_t nroots,
                         uint8_t *doomed, uint8_t *fairs) {
    lf_search *S = J->S;
    lf_live *L = S->live;
    lf_mem *m = &S->mem;
    uint64_t n = L->n;
    int32_t *index = L->index, *low = L->low;
    uint8_t *flags = L->flags; /* 1: a step to a state; 2: to itself; 4: to a doomed component */
    uint8_t *onstack = L->onstack;
    lf_vec stack = {NULL, 0, 0, sizeof(int32_t)};
    lf_vec work = {NULL, 0, 0, sizeof(int64_t) * 2};
    int ok = 1;
    memset(flags, 0, n);
    memset(onstack, 0, n);
    for (uint64_t v = 0; v < n; v++) index[v] = -1;
    int32_t counter = 0, cid = 0;
#define LF_PUSH(vec, T, x) (lf_vec_reserve(m, &(vec), (vec).len + 1) ? (((T *)(vec).data)[(vec).len++] = (x), 1) : 0)
    for (uint64_t r = 0; ok && r < nroots; r++) {
        int64_t root = roots[r];
        if (index[root] != -1 || !inside[root]) continue;
        index[root] = low[root] = counter++;
        ok = LF_PUSH(stack, int32_t, (int32_t)root);
        onstack[root] = 1;
        if (ok && L->first[root] < 0) ok = lf_graph_expand(S, (uint64_t)root);
        if (!ok || !lf_vec_reserve(m, &work, work.len + 1)) {
            ok = 0;
            break;
        }
        int64_t *wk = work.data;
        wk[0] = root, wk[1] = L->first[root];
        work.len = 1;
        while (ok && work.len) {
            wk = work.data;
            int64_t v = wk[2 * (work.len - 1)], ei = wk[2 * (work.len - 1) + 1];
            int64_t end = L->last[v];
            int descended = 0;
            while (ei < end) {
                int32_t w = LF_EDGES(L, v)[ei];
                ei++;
                if (w < 0) continue;
                flags[v] |= 1;
                if (!inside[w]) continue;
                if (index[w] == -1) {
                    wk[2 * (work.len - 1) + 1] = ei;
                    index[w] = low[w] = counter++;
                    if (!LF_PUSH(stack, int32_t, w)) {
                        ok = 0;
                        break;
                    }
                    onstack[w] = 1;
                    if (L->first[w] < 0 && !lf_graph_expand(S, (uint64_t)w)) {
                        ok = 0;
                        break;
                    }
                    if (!lf_vec_reserve(m, &work, work.len + 1)) {
                        ok = 0;
                        break;
                    }
                    wk = work.data;
                    wk[2 * work.len] = w, wk[2 * work.len + 1] = L->first[w];
                    work.len++;
                    descended = 1;
                    break;
                }
                if (onstack[w]) {
                    if (index[w] < low[v]) low[v] = index[w];
                    if (w == v) flags[v] |= 2;
                } else if (doomed[w]) {
                    flags[v] |= 4;
                }
            }
            if (!ok || descended) continue;
            work.len--;
            if (low[v] == index[v]) {
                int32_t *stk = stack.data;
                if (stk[stack.len - 1] == v) {
                    stack.len--;
                    onstack[v] = 0;
                    J->comp[v] = cid;
                    uint8_t f = flags[v];
                    int32_t one = (int32_t)v;
                    int good = (f & 2) ? lf_fair_scc(J, &one, 1, cid) : (!f && lf_stutter_fair(J, (uint64_t)v));
                    if (good || (f & 4)) {
                        doomed[v] = 1;
                        fairs[v] = (uint8_t)good;
                    }
                } else {
                    size_t top = stack.len;
                    uint8_t d = 0;
                    for (;;) {
                        int32_t x = stk[--stack.len];
                        onstack[x] = 0;
                        J->comp[x] = cid;
                        d |= flags[x];
                        if (x == v) break;
                    }
                    /* the component is stk[stack.len .. top), popped in the order Python appends it */
                    uint32_t k = (uint32_t)(top - stack.len);
                    int32_t *scc = stk + stack.len;
                    for (uint32_t a = 0, b = k - 1; a < b; a++, b--) {
                        int32_t t = scc[a];
                        scc[a] = scc[b];
                        scc[b] = t;
                    }
                    int good = lf_fair_scc(J, scc, k, cid);
                    if (good || (d & 4))
                        for (uint32_t i = 0; i < k; i++) doomed[scc[i]] = 1, fairs[scc[i]] = (uint8_t)good;
                }
                cid++;
                if (J->nomem) ok = 0;
            }
            if (work.len) {
                int64_t u = ((int64_t *)work.data)[2 * (work.len - 1)];
                if (onstack[v]) {
                    if (low[v] < low[u]) low[u] = low[v];
                } else if (doomed[v]) {
                    flags[u] |= 4;
                }
            }
        }
    }
#undef LF_PUSH
    lf_vec_free(m, &stack);
    lf_vec_free(m, &work);
    return ok;
}

/* Shortest path (nodes after ``start``) inside ``allowed`` to a node with ``goal`` set (graph.bfs_path). */
static int lf_bfs_path(lf_search *S, int64_t start, const uint8_t *goal, const uint8_t *allowed) {
    lf_live *L = S->live;
    lf_mem *m = &S->mem;
    uint8_t *seen = L->seen;
    int64_t *parent = L->parent;
    lf_vec queue = {NULL, 0, 0, sizeof(int64_t)};
    int ok = lf_vec_reserve(m, &queue, 1), found = 0;
    memset(seen, 0, L->n);
    size_t head = 0;
    if (ok) {
        seen[start] = 1;
        ((int64_t *)queue.data)[queue.len++] = start;
    }
    L->path.len = 0;
    while (ok && !found && head < queue.len) {
        int64_t v = ((int64_t *)queue.data)[head++];
        if (L->first[v] < 0 && !lf_graph_expand(S, (uint64_t)v)) {
            ok = 0;
            break;
        }
        for (int64_t e = L->first[v]; e < L->last[v]; e++) {
            int32_t w = LF_EDGES(L, v)[e];
            if (w < 0 || !allowed[w]) continue;
            if (goal[w]) {
                size_t len = 1;
                for (int64_t x = v; x != start; x = parent[x]) len++;
                if (!lf_vec_reserve(m, &L->path, len)) {
                    ok = 0;
                    break;
                }
                int64_t *out = L->path.data;
                out[len - 1] = w;
                size_t i = len - 1;
                for (int64_t x = v; x != start; x = parent[x]) out[--i] = x;
                L->path.len = len;
                found = 1;
                break;
            }
            if (!seen[w]) {
                seen[w] = 1;
                parent[w] = v;
                if (!lf_vec_reserve(m, &queue, queue.len + 1)) {
                    ok = 0;
                    break;
                }
                ((int64_t *)queue.data)[queue.len++] = w;
            }
        }
    }
    lf_vec_free(m, &queue);
    return ok && found;
}

/* ---- exported ---------------------------------------------------------------------------------- */

/* Judge lhs ~> rhs (predicate numbers; lhs -1: from the initial state only), weakly fair or not.
 * out: [status (0 judged, 1 out of memory, 2 the search was not complete, 3 inconsistent module),
 *       holds, root node, root's first stored index, path length, component size, nodes where the
 *       rhs predicate hit a model error, nodes]. */
LF_EXPORT void lf_live_check(lf_search *S, int lhs, int rhs, int fair, int64_t *out) {
    memset(out, 0, 8 * sizeof(int64_t));
    out[2] = out[3] = -1;
    if (S->status != LF_DONE) {
        out[0] = 2;
        return;
    }
    if (!lf_live_init(S, 1)) {
        out[0] = 1;
        return;
    }
    lf_live *L = S->live;
    lf_mem *m = &S->mem;
    uint64_t n = L->n;
    out[7] = (int64_t)n;
    L->path.len = L->comp.len = 0;
    L->root = -1;
    if (!lf_live_scratch(S)) {
        out[0] = 1;
        return;
    }
    uint8_t *bad = L->bad, *doomed = L->doomed, *fairs = L->fairs;
    int64_t *roots = L->roots;
    memset(doomed, 0, n);
    memset(fairs, 0, n);
    lf_judge J = {S, fair != 0, fair && S->symmetry && LF_NSYM > 0, L->cnum, NULL, NULL, NULL, L->loc, 0};
    size_t nu = L->nunits ? (size_t)L->nunits : 1;
    J.ucount = lf_alloc(m, nu * sizeof(uint32_t), 1);
    J.ustamp = lf_alloc(m, nu * sizeof(uint64_t), 1);
    J.utaken = lf_alloc(m, nu, 1);
    int ok = J.ucount && J.ustamp && J.utaken;
    uint64_t nroots = 0;
    lf_word s[LF_WORDS];
    for (uint64_t v = 0; ok && v < n; v++) {
        J.comp[v] = J.loc[v] = -1;
        lf_node_get(S, v, s);
        int q = lf_model_pred(rhs, s);
        out[6] += q == 2;
        bad[v] = q == 0;
        if (bad[v] && (lhs < 0 ? v == 0 : lf_model_pred(lhs, s) == 1)) roots[nroots++] = (int64_t)v;
    }
    out[1] = 1;
    if (ok && nroots) {
        ok = lf_reach_good(&J, bad, roots, nroots, doomed, fairs);
        int64_t s0 = -1;
        for (uint64_t r = 0; ok && r < nroots && s0 < 0; r++)
            if (doomed[roots[r]]) s0 = roots[r];
        if (ok && s0 >= 0) {
            int64_t end = s0;
            if (!fairs[s0]) {
                ok = lf_bfs_path(S, s0, fairs, doomed);
                if (ok) end = ((int64_t *)L->path.data)[L->path.len - 1];
            }
            for (uint64_t v = 0; ok && v < n; v++)
                if (J.comp[v] == J.comp[end]) {
                    ok = lf_vec_reserve(m, &L->comp, L->comp.len + 1);
                    if (ok) ((int64_t *)L->comp.data)[L->comp.len++] = (int64_t)v;
                }
            out[1] = 0;
            L->root = s0;
            out[2] = s0;
            out[3] = L->projected ? ((uint32_t *)L->rep.data)[s0] : s0;
            out[4] = (int64_t)L->path.len;
            out[5] = (int64_t)L->comp.len;
        }
    }
    if (!ok) out[0] = J.nomem || m->failed ? 1 : 3;
    if (L->broken || L->gx->overflow || L->rx->overflow) out[0] = 3;
    lf_release(m, J.ucount, nu * sizeof(uint32_t)), lf_release(m, J.ustamp, nu * sizeof(uint64_t));
    lf_release(m, J.utaken, nu);
}

/* The last lasso's path (which 0) or component (which 1), as node numbers; the count. */
LF_EXPORT int64_t lf_live_nodes(const lf_search *S, int which, int64_t *out, int64_t cap) {
    if (S->live == NULL) return 0;
    const lf_vec *v = which ? &S->live->comp : &S->live->path;
    for (size_t i = 0; i < v->len && (int64_t)i < cap; i++) out[i] = ((int64_t *)v->data)[i];
    return (int64_t)v->len;
}

/* Node ``node``'s model state as LF_WORDS words; 0 if there is no such node. */
LF_EXPORT int lf_node_state(lf_search *S, int64_t node, uint64_t *out) {
    if (!lf_live_init(S, 0) || node < 0 || (uint64_t)node >= S->live->n) return 0;
    lf_node_get(S, (uint64_t)node, out);
    return 1;
}

/* [model states (nodes), full states low 64 bits, high 64 bits, overflow, status (0 ok, 1 memory)]:
 * the counts of symmetry.model_counts. */
LF_EXPORT void lf_counts(lf_search *S, int64_t *out) {
    memset(out, 0, 5 * sizeof(int64_t));
    if (!lf_live_init(S, 0)) {
        out[4] = 1;
        return;
    }
    lf_live *L = S->live;
    out[0] = (int64_t)L->n;
    unsigned __int128 full = L->n;
#if LF_NSYM > 0
    if (S->symmetry) {
        int over = 0;
        lf_word s[LF_WORDS];
        full = 0;
        for (uint64_t v = 0; v < L->n; v++) {
            lf_node_get(S, v, s);
            unsigned __int128 o = lf_orbit(s, &over);
            if (full + o < full) over = 1;
            full += o;
        }
        out[3] = over;
    }
#endif
    out[1] = (int64_t)(uint64_t)full;
    out[2] = (int64_t)(uint64_t)(full >> 64);
}
