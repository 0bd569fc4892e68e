/* lf_par.c: the parallel search (included by lf_engine.c).
 *
 * Layer-synchronised: the threads of one round share out the states of the current layer
 * (grains claimed from a shared cursor), insert successors through lf_store_insert_par
 * (compare-and-swap on slots, the index from an atomic counter) and are joined at the end of
 * the layer, so every state of layer d+1 is found while layer d is expanded.
 *
 * Deterministic: the search ends with exactly the one-thread search's store (each state at the
 * same index, with the same parent and move), first violations and witnesses, whatever the number
 * of threads and their timing. Each record of layer d+1 carries a note (lf_first) with the lowest
 * key parent << 32 | successor number << 16 | move among the transitions that reached it: the
 * transition by which the one-thread search, expanding layer d in index order and each state's
 * successors in the order reported, finds it first. When layer d is done, lf_settle sorts the new
 * records by key (two counting sorts), moves them into that order, rewrites their table slots and
 * sets each parent and move from its key: layer d+1 is then the one-thread layer, record for record.
 * A property (a deadlock check, a reach target) decided in a layer is closed only when the layer is
 * done (lf_commit, lf_close_decided), so every state of the layer is checked and the earliest report
 * wins, as with one thread. A state limit or "until decided" stops in the middle of a layer: such a
 * search runs one thread (lf_new). A stop at the memory bound or at the caller's request (between
 * slices) is where the machine's timing puts it, with one thread or several.
 *
 * The table and the arena only grow between rounds (no thread is running). A thread stops
 * before expanding a state when the room left (below 3/4 load, and in reserved records) could
 * be less than what every thread might still add before it looks again (LF_NMOVES successors
 * a state); it hands back the rest of its grain and the round ends. A round also ends at the
 * deadline.
 *
 * On a shared machine the threads may not get a core each, so the runtime also sums the CPU
 * time along the critical path (per round, the busiest thread; plus the calling thread's work
 * between rounds): the time the search would take with a free core per thread.
 */

#define LF_GRAIN 32

typedef struct {
    lf_search *S;
    int t;
    int status;
    double cpu; /* this thread's CPU seconds in the round */
} lf_worker;

/* A thread looks at the shared count only every LF_ROOM_EVERY states (the count's cache line
 * would otherwise travel between the cores at every state), so the room kept free is what
 * every thread may add in that many states. */
#define LF_ROOM_EVERY 8 /* a multiple of LF_EXPAND_BATCH */
static uint64_t lf_headroom(const lf_search *S) { return (uint64_t)S->threads * LF_NMOVES * LF_ROOM_EVERY; }

/* The records a round may reach: below the table's 3/4 load and in reserved records (a thread stops
 * lf_headroom short of it, so that the count never passes it). */
static uint64_t lf_round_room(const lf_store *st) {
    return st->grow_at < lf_store_room(st) ? st->grow_at : lf_store_room(st);
}

static int lf_claim(lf_search *S, uint64_t *lo, uint64_t *hi) {
    if (__atomic_load_n(&S->nleft, __ATOMIC_ACQUIRE)) {
        pthread_mutex_lock(&S->lock);
        int got = 0;
        if (S->nleft) {
            S->nleft--;
            *lo = S->left_lo[S->nleft];
            *hi = S->left_hi[S->nleft];
            got = 1;
        }
        pthread_mutex_unlock(&S->lock);
        if (got) return 1;
    }
    uint64_t a = __atomic_fetch_add(&S->cursor, LF_GRAIN, __ATOMIC_RELAXED);
    if (a >= S->layer_end) return 0;
    *lo = a;
    *hi = a + LF_GRAIN < S->layer_end ? a + LF_GRAIN : S->layer_end;
    return 1;
}

static void lf_hand_back(lf_search *S, uint64_t lo, uint64_t hi) {
    pthread_mutex_lock(&S->lock);
    S->left_lo[S->nleft] = lo;
    S->left_hi[S->nleft] = hi;
    __atomic_store_n(&S->nleft, S->nleft + 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&S->lock);
}

/* Add the successors of the state X expanded (hashes in X->bhash); ``T`` counts the transitions. */
static int lf_add_succ_par(lf_search *S, lf_ctx *X, lf_ctx *T) {
    lf_store *st = &S->st;
    if (lf_expand_status(X) != LF_RUNNING) return lf_expand_status(X);
    uint32_t nb = X->nbuf;
    uint8_t packed[LF_SBYTES];
    int r = LF_RUNNING;
    lf_first *first = S->first.data;
    uint64_t base = S->layer_end, cur = X->cur;
    for (uint32_t i = 0; i < nb; i++) {
        lf_pack(packed, X->buf + (size_t)i * LF_WORDS);
        uint64_t key = cur << 32 | (uint64_t)i << 16 | X->bmove[i];
        if (lf_store_insert_par(st, packed, X->bhash[i], S->max_states, first, base, key) == LF_INS_FULL) {
            T->ntr += i + 1;
            r = LF_MAX_STATES;
            break;
        }
    }
    if (r == LF_RUNNING) T->ntr += nb;
    lf_commit(S, X, UINT32_MAX);
    return r;
}

static void lf_work_round(lf_worker *w);

static void *lf_work(void *arg) {
    lf_worker *w = arg;
    double c0 = lf_thread_cpu();
    lf_work_round(w);
    w->cpu = lf_thread_cpu() - c0;
    return NULL;
}

/* A thread takes the states of its grains LF_EXPAND_BATCH at a time, as the one-thread search does
 * (lf_expand_batch): expanded, their successors' slots and records fetched, then added in order. */
static void lf_work_round(lf_worker *w) {
    lf_search *S = w->S;
    lf_ctx **B = S->ctx + (size_t)w->t * LF_EXPAND_BATCH, *T = B[0];
    lf_store *st = &S->st;
    uint64_t room = lf_round_room(st);
    uint64_t lo, hi;
    uint32_t k = 0;
    w->status = LF_RUNNING;
    while (!__atomic_load_n(&S->pause, __ATOMIC_RELAXED) && lf_claim(S, &lo, &hi)) {
        for (uint64_t i = lo; i < hi; k++) { /* k: batches */
            int full = (k & (LF_ROOM_EVERY / LF_EXPAND_BATCH - 1)) == 0 &&
                       __atomic_load_n(&st->count, __ATOMIC_RELAXED) + lf_headroom(S) > room;
            if (full || __atomic_load_n(&S->pause, __ATOMIC_RELAXED) ||
                ((k & (64 / LF_EXPAND_BATCH - 1)) == 64 / LF_EXPAND_BATCH - 1 && lf_now() > S->deadline)) {
                __atomic_store_n(&S->pause, 1, __ATOMIC_RELAXED);
                lf_hand_back(S, i, hi);
                return;
            }
            uint64_t start = i, end = i + LF_EXPAND_BATCH < hi ? i + LF_EXPAND_BATCH : hi;
            lf_expand_batch(S, B, start, end);
            for (; i < end; i++) {
                int r = lf_add_succ_par(S, B[i - start], T);
                if (r != LF_RUNNING) {
                    w->status = r;
                    __atomic_store_n(&S->pause, 1, __ATOMIC_RELAXED);
                    return;
                }
            }
        }
    }
    return;
}

/* Grow the table and reserve arena records so that a round can run a while, and notes for every
 * record the round may add (those of the layer's earlier rounds kept). */
static int lf_par_room(lf_search *S) {
    lf_store *st = &S->st;
    uint64_t need = lf_headroom(S);
    if (st->count + need > st->grow_at) {
        if (!lf_store_grow(st, need + st->count / 8)) return 0;
        lf_first *f = S->first.data; /* the layer's records have new slots (a rare grow in mid-layer) */
        lf_word s[LF_WORDS];
        for (uint64_t i = S->layer_end; i < st->count; i++) {
            lf_unpack(s, lf_rec(st, i));
            uint64_t j = lf_home(st, lf_hash(s));
            while (lf_slot_index(st, st->slots[j]) != i) j = (j + 1) & (st->cap - 1);
            f[i - S->layer_end].slot = j;
        }
    }
    /* the first chunk grows in steps (between rounds, when no thread reads it), then two chunks ahead */
    uint64_t ahead = st->count / 8 > 2 * LF_CHUNK ? st->count / 8 : st->count < LF_CHUNK ? st->count / 2 : 2 * LF_CHUNK;
    if (ahead < 2 * need) ahead = 2 * need;
    if (lf_store_room(st) < st->count + need && !lf_store_reserve(st, st->count + ahead)) return 0;
    S->first.len = st->count - S->layer_end;
    return lf_vec_reserve(&S->mem, &S->first, lf_round_room(st) - S->layer_end);
}

/* Set the parent and move of record ``r`` from a note's ``key``. */
static inline void lf_link_from_key(uint8_t *r, uint64_t key) { lf_set_link(r, (uint32_t)(key >> 32), (uint16_t)key); }

/* A job of lf_par_for: ``fn(job, lo, hi)`` over one range. */
typedef struct lf_job lf_job;
struct lf_job {
    void (*fn)(const lf_job *, uint64_t, uint64_t);
    lf_store *st;
    const lf_first *f;
    const uint32_t *order;
    uint8_t *spare;
    uint64_t base, lo, hi;
};

static void *lf_job_run(void *arg) {
    lf_job *j = arg;
    j->fn(j, j->lo, j->hi);
    return NULL;
}

/* ``job.fn`` over 0 .. n-1, in one range a thread (the calling thread takes the first). */
static void lf_par_for(lf_search *S, lf_job job, uint64_t n) {
    int nt = S->threads < 64 ? S->threads : 64;
    if (n < 8192) nt = 1; /* (not worth a thread) */
    lf_job jobs[64];
    pthread_t tid[64];
    int started[64] = {0};
    for (int t = 0; t < nt; t++) {
        jobs[t] = job;
        jobs[t].lo = n * (uint64_t)t / (uint64_t)nt;
        jobs[t].hi = n * (uint64_t)(t + 1) / (uint64_t)nt;
        if (t > 0 && pthread_create(&tid[t], NULL, lf_job_run, &jobs[t]) == 0) started[t] = 1;
    }
    for (int t = 0; t < nt; t++)
        if (t == 0 || !started[t]) job.fn(&jobs[t], jobs[t].lo, jobs[t].hi); /* (a thread refused: here) */
    for (int t = 1; t < nt; t++)
        if (started[t]) pthread_join(tid[t], NULL);
}

/* Gather records order[lo..hi) into the spare block at lo.., with their links, and point their slots
 * at their new places (the hash bits kept). */
static void lf_gather(const lf_job *j, uint64_t lo, uint64_t hi) {
    lf_store *st = j->st;
    uint64_t rb = st->rbytes;
    for (uint64_t i = lo; i < hi; i++) {
        const lf_first *e = &j->f[j->order[i]];
        lf_slot *slot = &st->slots[e->slot];
        *slot = lf_slot_moved(st, *slot, j->base + i);
        memcpy(j->spare + i * rb, lf_rec(st, j->base + j->order[i]), rb);
        lf_link_from_key(j->spare + i * rb, e->key);
    }
}

/* Copy the spare block's records lo..hi back to their places. */
static void lf_put_back(const lf_job *j, uint64_t lo, uint64_t hi) {
    for (uint64_t i = lo; i < hi; i++) memcpy(lf_rec(j->st, j->base + i), j->spare + i * j->st->rbytes, j->st->rbytes);
}

/* The links of records lo..hi, in order already. */
static void lf_links(const lf_job *j, uint64_t lo, uint64_t hi) {
    for (uint64_t i = lo; i < hi; i++) lf_link_from_key(lf_rec(j->st, j->base + i), j->f[i].key);
}

/* Put the layer just built (records layer_end .. count-1) in the one-thread order: sorted by their
 * notes' keys (parent, then successor number: two stable counting sorts), their slots pointed at
 * their new places, the records gathered in that order into a spare block and copied back, and
 * each record's parent and move set from its key (those three steps by every thread, in ranges).
 * 0 when the budget refuses the spare arrays. */
static int lf_settle(lf_search *S) {
    lf_store *st = &S->st;
    uint64_t base = S->layer_end, n = st->count - base, i;
    uint64_t lo = S->layers.len ? ((uint64_t *)S->layers.data)[S->layers.len - 1] : 0; /* the parents' layer */
    lf_first *f = S->first.data;
    lf_job job = {NULL, st, f, NULL, NULL, base, 0, 0};
    for (i = 1; i < n && f[i - 1].key < f[i].key; i++) {
    }
    if (i >= n) { /* in order already (a layer one thread did): the links of the lowest keys */
        job.fn = lf_links;
        lf_par_for(S, job, n);
        return 1;
    }
    uint64_t width = base - lo, nbin = width > LF_NMOVES ? width : LF_NMOVES;
    size_t obytes = n * sizeof(uint32_t), cbytes = (nbin + 1) * sizeof(uint64_t), rb = st->rbytes;
    uint32_t *a = lf_alloc(st->mem, obytes, 0), *b = lf_alloc(st->mem, obytes, 0);
    uint64_t *cnt = lf_alloc(st->mem, cbytes, 0);
    uint8_t *spare = lf_alloc(st->mem, n * rb, 0);
    int ok = a != NULL && b != NULL && cnt != NULL && spare != NULL;
    if (ok) {
        /* by successor number into a, then stably by parent into b: new place k gets old record b[k] */
        memset(cnt, 0, cbytes);
        for (i = 0; i < n; i++) cnt[((f[i].key >> 16) & 0xFFFF) + 1]++;
        for (uint64_t k = 1; k <= nbin; k++) cnt[k] += cnt[k - 1];
        for (i = 0; i < n; i++) a[cnt[(f[i].key >> 16) & 0xFFFF]++] = (uint32_t)i;
        memset(cnt, 0, cbytes);
        for (i = 0; i < n; i++) cnt[(f[i].key >> 32) - lo + 1]++;
        for (uint64_t k = 1; k <= nbin; k++) cnt[k] += cnt[k - 1];
        for (i = 0; i < n; i++) b[cnt[(f[a[i]].key >> 32) - lo]++] = a[i];
        job.order = b;
        job.spare = spare;
        job.fn = lf_gather;
        lf_par_for(S, job, n);
        job.fn = lf_put_back;
        lf_par_for(S, job, n);
    }
    lf_release(st->mem, a, obytes);
    lf_release(st->mem, b, obytes);
    lf_release(st->mem, cnt, cbytes);
    lf_release(st->mem, spare, n * rb);
    return ok;
}

static int lf_run_rounds(lf_search *S, double deadline, double *own);

static int lf_run_par(lf_search *S, double deadline) {
    double c0 = lf_thread_cpu(), own = 0;
    int r = lf_run_rounds(S, deadline, &own);
    S->crit += lf_thread_cpu() - c0 - own; /* the calling thread's work outside the rounds */
    return r;
}

/* Rounds until the deadline or a final status; ``own``: the calling thread's CPU time in them. */
static int lf_run_rounds(lf_search *S, double deadline, double *own) {
    if (S->left_lo == NULL) {
        /* each thread hands back at most one range per round, and a round starts after the
         * previous one's ranges were taken or are still listed: 2 * threads suffices */
        S->left_lo = calloc(2 * (size_t)S->threads + 1, sizeof(uint64_t));
        S->left_hi = calloc(2 * (size_t)S->threads + 1, sizeof(uint64_t));
        if (S->left_lo == NULL || S->left_hi == NULL) return LF_MEMORY;
    }
    S->deadline = deadline;
    lf_worker w[64];
    pthread_t tid[64];
    int nt = S->threads < 64 ? S->threads : 64;
    for (;;) {
        if (S->nleft == 0) {
            if (S->cursor > S->layer_end) S->cursor = S->layer_end;
            if (S->cursor == S->layer_end) { /* the layer is done: put the next in order (once: it starts now) */
                if (!lf_settle(S)) return LF_MEMORY;
                lf_close_decided(S);
            }
            int r = lf_next_layer(S);
            if (r != LF_RUNNING) return r;
        }
        if (!lf_par_room(S)) return LF_MEMORY;
        if (lf_now() > deadline) return LF_RUNNING;
        S->pause = 0;
        /* a small layer is not worth the threads: the calling thread does it alone */
        uint64_t todo = S->layer_end - (S->cursor < S->layer_end ? S->cursor : S->layer_end);
        int n = todo + S->nleft * LF_GRAIN < 4 * LF_GRAIN ? 1 : nt;
        int started = 1;
        for (int t = 0; t < n; t++) w[t] = (lf_worker){S, t, LF_RUNNING, 0};
        for (int t = 1; t < n; t++)
            if (pthread_create(&tid[t], NULL, lf_work, &w[t]) == 0) started++;
            else break;
        lf_work(&w[0]);
        for (int t = 1; t < started; t++) pthread_join(tid[t], NULL);
        double busiest = 0;
        for (int t = 0; t < started; t++) busiest = w[t].cpu > busiest ? w[t].cpu : busiest;
        S->crit += busiest;
        *own += w[0].cpu;
        uint64_t ntr = 0;
        for (int t = 0; t < S->threads; t++) ntr += S->ctx[(size_t)t * LF_EXPAND_BATCH]->ntr;
        S->transitions = ntr;
        for (int t = 0; t < n; t++)
            if (w[t].status != LF_RUNNING) return w[t].status;
    }
}
