/* lf_store.h: the visited set. Part of the runtime translation unit (included by lf_engine.c).
 *
 * States live in an arena of fixed-size records, numbered in discovery order; the number is
 * the state's index (the breadth-first order of the search, which is also its queue: a layer
 * is a range of indices). A record is the state packed to LF_SBYTES bytes, followed by
 * ``extra`` bytes (the search keeps the parent's index, 4 bytes, and the move id, 2 bytes).
 * The arena is a table of chunks of 2^18 records that never move, so threads can read
 * records while others append; only the first chunk starts small (LF_CHUNK0 records) and grows
 * by half until it is a full chunk, moving its records, which happens before any parallel round
 * (lf_par_room reserves two chunks ahead), so that a small search allocates little. The hash table
 * (linear probing, power-of-two capacity 2^k, grown at 3/4 load) holds slots of one of two widths,
 * chosen at compile time by the state's width (LF_WIDE_SLOTS): 0 is empty, LF_LOCKED marks a slot
 * whose record a thread is writing, else the slot holds the record's index + 1 and hash bits, so
 * that most slots of other states are passed over without reading their records (a cache miss each).
 * - 8 bytes (states of up to 2 words): index + 1 in the low 32 bits, the hash's high 32 bits above;
 *   a state's home slot is the hash's high k bits, so the slot keeps the whole home: other states'
 *   records are read only when all 32 bits agree, and the table doubles without reading a record
 *   (the new home is the slot's high k + 1 bits; the old slots are read in order and the new ones
 *   written nearly in order).
 * - 4 bytes (wider states): index + 1 in the low k bits and, in the 32 - k bits above, a tag from
 *   the hash; the home slot is the hash's low k bits, and a doubling hashes every record again.
 * The wide slots take 16 bytes a state at 1/2 load (8 more than the narrow ones), 21 at 3/8: a
 * state of 2 words (16 bytes packed, a 22-byte record) stays within issue 13's 48 bytes a state at
 * any load, while at 202 bits (the smallest pod with 4 app containers) only 4-byte slots keep it
 * there (42 bytes at 1/2 load; docs/performance.md). Every allocation that grows with the model or
 * the search (table, records, layers, successor buffers, pending reports, liveness graph and
 * component data) is counted against a byte budget: the search stops with a memory status instead
 * of being killed by the kernel. Only fixed-size bookkeeping (the search's and the liveness' own
 * structs, the parallel search's 2 * threads + 1 ranges) is not counted.
 */

#include <stdlib.h>
#include <sched.h>
#include <sys/mman.h>

#define LF_CHUNK_BITS 18
#define LF_CHUNK (UINT64_C(1) << LF_CHUNK_BITS)
#define LF_CHUNK0 UINT64_C(4096)
#define LF_MAX_INDEX (UINT64_C(0xFFFFFFF0))  /* indices fit in 32 bits with room for the markers */
#define LF_NO_PARENT UINT32_MAX

#ifndef LF_WIDE_SLOTS /* (a module or a test may choose; else by the state's width, see above) */
#define LF_WIDE_SLOTS (LF_WORDS <= 2)
#endif
#if LF_WIDE_SLOTS
typedef uint64_t lf_slot;
#define LF_LOCKED UINT64_MAX
#else
typedef uint32_t lf_slot;
#define LF_LOCKED UINT32_MAX
#endif

typedef struct {
    size_t used;
    size_t budget;
    int failed; /* an allocation was refused */
} lf_mem;

/* Blocks from this size on are mapped directly, in huge pages where the kernel allows it: the
 * table and the arena are read at random, and with 4 KiB pages most reads would also miss the TLB. */
#define LF_BIG (UINT64_C(1) << 20)

/* Count ``bytes`` against the budget (0 when it refuses them). Atomic: worker threads of the
 * parallel search take memory too (their pending reports). */
static int lf_take(lf_mem *m, size_t bytes) {
    size_t used = __atomic_load_n(&m->used, __ATOMIC_RELAXED);
    do {
        if (bytes > m->budget || used > m->budget - bytes) {
            __atomic_store_n(&m->failed, 1, __ATOMIC_RELAXED);
            return 0;
        }
    } while (!__atomic_compare_exchange_n(&m->used, &used, used + bytes, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return 1;
}

static void lf_give(lf_mem *m, size_t bytes) { __atomic_fetch_sub(&m->used, bytes, __ATOMIC_RELAXED); }

static void *lf_alloc(lf_mem *m, size_t bytes, int zero) {
    if (!lf_take(m, bytes)) return NULL;
    void *p;
    if (bytes >= LF_BIG) {
        p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) p = NULL;
#ifdef MADV_HUGEPAGE
        else madvise(p, bytes, MADV_HUGEPAGE);
#endif
    } else {
        p = zero ? calloc(1, bytes) : malloc(bytes);
    }
    if (p == NULL) {
        lf_give(m, bytes);
        __atomic_store_n(&m->failed, 1, __ATOMIC_RELAXED);
        return NULL;
    }
    return p;
}

static void lf_release(lf_mem *m, void *p, size_t bytes) {
    if (p == NULL) return;
    if (bytes >= LF_BIG) munmap(p, bytes);
    else free(p);
    lf_give(m, bytes);
}

/* Grow block ``p`` of ``old`` bytes to ``bytes``, keeping its first ``keep`` bytes (NULL when
 * refused: ``p`` stays). A mapped block is remapped: no copy, and its pages are not touched again. */
static void *lf_regrow(lf_mem *m, void *p, size_t old, size_t bytes, size_t keep) {
#ifdef MREMAP_MAYMOVE
    if (old >= LF_BIG) {
        if (bytes - old > m->budget || m->used > m->budget - (bytes - old)) {
            m->failed = 1;
            return NULL;
        }
        void *q = mremap(p, old, bytes, MREMAP_MAYMOVE);
        if (q == MAP_FAILED) {
            m->failed = 1;
            return NULL;
        }
        m->used += bytes - old;
        return q;
    }
#endif
    void *q = lf_alloc(m, bytes, 0);
    if (q == NULL) return NULL;
    memcpy(q, p, keep);
    lf_release(m, p, old);
    return q;
}

/* A growable array counted against the budget (graph edges, component lists). */
typedef struct {
    void *data;
    size_t len, cap, item;
} lf_vec;

static int lf_vec_reserve(lf_mem *m, lf_vec *v, size_t want) {
    if (want <= v->cap) return 1;
    size_t cap = v->cap ? v->cap : 64;
    while (cap < want) cap *= 2;
    /* a mapped block is remapped (lf_regrow): its pages are neither copied nor zeroed again */
    void *p = v->data == NULL ? lf_alloc(m, cap * v->item, 0)
                              : lf_regrow(m, v->data, v->cap * v->item, cap * v->item, v->len * v->item);
    if (p == NULL) return 0;
    v->data = p;
    v->cap = cap;
    return 1;
}

static void lf_vec_free(lf_mem *m, lf_vec *v) {
    lf_release(m, v->data, v->cap * v->item);
    v->data = NULL;
    v->len = v->cap = 0;
}

static inline void lf_pack(uint8_t *dst, const lf_word *s) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(dst, s, LF_SBYTES);
#else
    for (unsigned i = 0; i < LF_SBYTES; i++) dst[i] = (uint8_t)(s[i >> 3] >> ((i & 7) * 8));
#endif
}

static inline void lf_unpack(lf_word *s, const uint8_t *src) {
    memset(s, 0, sizeof(lf_word) * LF_WORDS);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(s, src, LF_SBYTES);
#else
    for (unsigned i = 0; i < LF_SBYTES; i++) s[i >> 3] |= (lf_word)src[i] << ((i & 7) * 8);
#endif
}

static inline uint64_t lf_hash(const lf_word *s) {
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15);
    for (int i = 0; i < LF_WORDS; i++) {
        h ^= s[i];
        h *= UINT64_C(0xbf58476d1ce4e5b9);
        h ^= h >> 31;
    }
    h *= UINT64_C(0x94d049bb133111eb);
    return h ^ (h >> 29);
}

typedef struct {
    lf_mem *mem;
    uint32_t rbytes;     /* LF_SBYTES + extra */
    uint8_t **chunks;    /* chunk k holds records k * LF_CHUNK ... */
    uint64_t nchunks;    /* chunks allocated */
    uint64_t cap0;       /* records of the first chunk (LF_CHUNK once there is a second) */
    uint64_t maxchunks;
    uint64_t count;      /* records in use (atomic in the parallel search) */
    lf_slot *slots;
    uint64_t cap;        /* slots, 2^kbits */
    uint64_t grow_at;    /* grow the table before count exceeds this */
    unsigned kbits;
    uint32_t tmask;      /* 4-byte slots' tag values: 0 .. tmask - 1 (tmask 0: no tag bits) */
} lf_store;

static void lf_store_set_cap(lf_store *st, uint64_t cap) {
    st->cap = cap;
    st->grow_at = cap / 4 * 3;
    st->kbits = 0;
    while ((UINT64_C(1) << st->kbits) < cap) st->kbits++;
    st->tmask = st->kbits >= 32 ? 0 : (uint32_t)((UINT64_C(1) << (32 - st->kbits)) - 1);
}

#if LF_WIDE_SLOTS
/* The home slot of hash h: its high k bits (k >= 10: the table has at least 1024 slots). */
static inline uint64_t lf_home(const lf_store *st, uint64_t h) { return h >> (64 - st->kbits); }

/* A slot's value: never LF_LOCKED (index + 1 <= LF_MAX_INDEX + 1 < 2^32 - 1). */
static inline lf_slot lf_slot_value(const lf_store *st, uint64_t h, uint64_t index) {
    (void)st;
    return (h >> 32 << 32) | (index + 1);
}

static inline uint64_t lf_slot_index(const lf_store *st, lf_slot v) {
    (void)st;
    return (v & UINT32_MAX) - 1;
}

/* Slot value ``v`` may hold the state of hash h (the high 32 bits agree). */
static inline int lf_slot_tagged(const lf_store *st, lf_slot v, uint64_t h) {
    (void)st;
    return (v >> 32) == (h >> 32);
}

/* Slot value ``v`` pointed at record ``index`` instead (its hash bits kept). */
static inline lf_slot lf_slot_moved(const lf_store *st, lf_slot v, uint64_t index) {
    (void)st;
    return (v >> 32 << 32) | (index + 1);
}
#else
static inline uint64_t lf_home(const lf_store *st, uint64_t h) { return h & (st->cap - 1); }

/* The tag of hash h: never all ones, so that no slot value is LF_LOCKED. */
static inline uint32_t lf_tag(const lf_store *st, uint64_t h) {
    uint32_t t = (uint32_t)(h >> 40) & st->tmask;
    return t == st->tmask && t ? t - 1 : t;
}

static inline lf_slot lf_slot_value(const lf_store *st, uint64_t h, uint64_t index) {
    return (uint32_t)(((uint64_t)lf_tag(st, h) << st->kbits) | (index + 1));
}

static inline uint64_t lf_slot_index(const lf_store *st, lf_slot v) {
    return ((uint64_t)v & ((UINT64_C(1) << st->kbits) - 1)) - 1;
}

static inline int lf_slot_tagged(const lf_store *st, lf_slot v, uint64_t h) {
    return ((uint64_t)v >> st->kbits) == lf_tag(st, h);
}

static inline lf_slot lf_slot_moved(const lf_store *st, lf_slot v, uint64_t index) {
    uint64_t imask = (UINT64_C(1) << st->kbits) - 1;
    return (uint32_t)(((uint64_t)v & ~imask) | (index + 1));
}
#endif

static inline uint8_t *lf_rec(const lf_store *st, uint64_t i) {
    return st->chunks[i >> LF_CHUNK_BITS] + (i & (LF_CHUNK - 1)) * st->rbytes;
}

static int lf_store_init(lf_store *st, lf_mem *mem, uint32_t extra, uint64_t cap) {
    memset(st, 0, sizeof *st);
    st->mem = mem;
    st->rbytes = LF_SBYTES + extra;
    st->maxchunks = (LF_MAX_INDEX >> LF_CHUNK_BITS) + 1;
    st->chunks = lf_alloc(mem, st->maxchunks * sizeof(uint8_t *), 1);
    if (st->chunks == NULL) return 0;
    lf_store_set_cap(st, cap);
    st->slots = lf_alloc(mem, cap * sizeof(lf_slot), 1);
    return st->slots != NULL;
}

static void lf_store_free(lf_store *st) {
    if (st->mem == NULL) return;
    for (uint64_t k = 0; k < st->nchunks; k++) lf_release(st->mem, st->chunks[k], (k ? LF_CHUNK : st->cap0) * st->rbytes);
    lf_release(st->mem, st->chunks, st->maxchunks * sizeof(uint8_t *));
    lf_release(st->mem, st->slots, st->cap * sizeof(lf_slot));
    st->mem = NULL;
}

/* Records addressable now. */
static inline uint64_t lf_store_room(const lf_store *st) {
    return st->nchunks ? st->cap0 + (st->nchunks - 1) * LF_CHUNK : 0;
}

/* Make records 0 .. upto-1 addressable (single thread: the first chunk may move). */
static int lf_store_reserve(lf_store *st, uint64_t upto) {
    if (upto > LF_MAX_INDEX) upto = LF_MAX_INDEX;
    if (lf_store_room(st) >= upto) return 1;
    if (st->nchunks <= 1 && st->cap0 < LF_CHUNK) {
        uint64_t cap = st->cap0 ? st->cap0 : LF_CHUNK0;
        while (cap < upto && cap < LF_CHUNK) cap += cap / 2;
        if (cap > LF_CHUNK) cap = LF_CHUNK;
        uint8_t *c = st->nchunks ? lf_regrow(st->mem, st->chunks[0], st->cap0 * st->rbytes, cap * st->rbytes,
                                             st->count * st->rbytes)
                                 : lf_alloc(st->mem, cap * st->rbytes, 0);
        if (c == NULL) return 0;
        st->chunks[0] = c;
        st->nchunks = 1;
        st->cap0 = cap;
    }
    while (lf_store_room(st) < upto) {
        uint8_t *c = lf_alloc(st->mem, LF_CHUNK * st->rbytes, 0);
        if (c == NULL) return 0;
        st->chunks[st->nchunks++] = c;
    }
    return 1;
}


/* Double the table (until count + room fits under 3/4 load); 0 when the budget refuses it. Wide
 * slots move to their new homes from the hash bits they keep (while those cover the home: up to
 * 2^32 slots); otherwise every record is hashed again. */
static int lf_store_grow(lf_store *st, uint64_t room) {
    uint64_t cap = st->cap;
    while ((st->count + room) > cap / 4 * 3) cap *= 2;
    if (cap == st->cap) return 1;
    lf_slot *slots = lf_alloc(st->mem, cap * sizeof(lf_slot), 1);
    if (slots == NULL) return 0;
    lf_slot *old = st->slots;
    uint64_t ocap = st->cap;
    lf_store_set_cap(st, cap);
    st->slots = slots;
    uint64_t mask = cap - 1;
    if (LF_WIDE_SLOTS && st->kbits <= 32) {
        for (uint64_t i = 0; i < ocap; i++) {
            lf_slot v = old[i];
            if (v == 0) continue;
            uint64_t j = lf_home(st, (uint64_t)v);
            while (slots[j] != 0) j = (j + 1) & mask;
            slots[j] = v;
        }
    } else {
        lf_word s[LF_WORDS];
        for (uint64_t i = 0; i < st->count; i++) {
            lf_unpack(s, lf_rec(st, i));
            uint64_t h = lf_hash(s), j = lf_home(st, h);
            while (slots[j] != 0) j = (j + 1) & mask;
            slots[j] = lf_slot_value(st, h, i);
        }
    }
    lf_release(st->mem, old, ocap * sizeof(lf_slot));
    return 1;
}

/* The slot holding ``packed`` (hash ``h``), or the empty slot where it belongs (single thread). */
static inline lf_slot *lf_store_probe(const lf_store *st, const uint8_t *packed, uint64_t h) {
    uint64_t mask = st->cap - 1, i = lf_home(st, h);
    for (;;) {
        lf_slot v = st->slots[i];
        if (v == 0 || (lf_slot_tagged(st, v, h) && memcmp(lf_rec(st, lf_slot_index(st, v)), packed, LF_SBYTES) == 0))
            return &st->slots[i];
        i = (i + 1) & mask;
    }
}

/* The index of ``s`` (hash ``h``), or -1 if it is not stored. */
static int64_t lf_store_find(const lf_store *st, const lf_word *s, uint64_t h) {
    uint8_t packed[LF_SBYTES];
    lf_pack(packed, s);
    lf_slot v = *lf_store_probe(st, packed, h);
    return v ? (int64_t)lf_slot_index(st, v) : -1;
}

/* Append a record for ``packed`` (hash h) in the empty slot ``slot`` (single thread); its extra
 * bytes are the caller's. */
static inline uint8_t *lf_store_add(lf_store *st, lf_slot *slot, const uint8_t *packed, uint64_t h) {
    uint64_t i = st->count++;
    uint8_t *r = lf_rec(st, i);
    memcpy(r, packed, LF_SBYTES);
    *slot = lf_slot_value(st, h, i);
    return r;
}

enum { LF_INS_OLD = 0, LF_INS_NEW = 1, LF_INS_FULL = 2 };

/* The search's record: the packed state, then its parent's index (4 bytes) and the move from it (2). */
static inline void lf_set_link(uint8_t *r, uint32_t parent, uint16_t move) {
    memcpy(r + LF_SBYTES, &parent, 4);
    memcpy(r + LF_SBYTES + 4, &move, 2);
}

/* The parallel search's note on a record of the layer being built (lf_par.c): ``key`` the first
 * transition that reaches it in the order of the one-thread search, parent << 32 | successor number
 * << 16 | move (the lowest key of every thread that met the state in this layer), ``slot`` the
 * position of its slot in the table (rewritten when the layer is put in order: lf_settle). */
typedef struct {
    uint64_t key;
    uint64_t slot;
} lf_first;

/* Insert from any thread: claim an empty slot with compare-and-swap, take the next index, write
 * the record (state, parent and move from ``key``) and its note ``first[index - base]``, publish
 * the index. A state found already stored in this layer (index >= base) has its note's key lowered
 * to ``key`` if that is lower (compare-and-swap). A thread that meets a claimed slot waits for its
 * index (a few stores away). Past ``limit`` stored states nothing is added (the slot is given back:
 * no thread can have probed past a claimed slot). */
static int lf_store_insert_par(lf_store *st, const uint8_t *packed, uint64_t h, uint64_t limit,
                               lf_first *first, uint64_t base, uint64_t key) {
    uint64_t mask = st->cap - 1, i = lf_home(st, h);
    uint32_t spins = 0;
    for (;;) {
        lf_slot v = __atomic_load_n(&st->slots[i], __ATOMIC_ACQUIRE);
        if (v == 0) {
            lf_slot zero = 0;
            if (!__atomic_compare_exchange_n(&st->slots[i], &zero, LF_LOCKED, 0, __ATOMIC_ACQ_REL,
                                             __ATOMIC_ACQUIRE))
                continue; /* someone else claimed it: look again */
            uint64_t idx = __atomic_fetch_add(&st->count, 1, __ATOMIC_RELAXED);
            if (idx >= limit) {
                __atomic_fetch_sub(&st->count, 1, __ATOMIC_RELAXED);
                __atomic_store_n(&st->slots[i], 0, __ATOMIC_RELEASE);
                return LF_INS_FULL;
            }
            uint8_t *r = lf_rec(st, idx);
            memcpy(r, packed, LF_SBYTES);
            lf_set_link(r, (uint32_t)(key >> 32), (uint16_t)key);
            first[idx - base] = (lf_first){key, i};
            __atomic_store_n(&st->slots[i], lf_slot_value(st, h, idx), __ATOMIC_RELEASE);
            return LF_INS_NEW;
        }
        if (v == LF_LOCKED) { /* the owner is a few stores from done, unless it was descheduled */
            if (++spins & 63) {
#if defined(__x86_64__) || defined(__i386__)
                __builtin_ia32_pause();
#endif
            } else {
                sched_yield();
            }
            continue;
        }
        if (lf_slot_tagged(st, v, h) && memcmp(lf_rec(st, lf_slot_index(st, v)), packed, LF_SBYTES) == 0) {
            uint64_t idx = lf_slot_index(st, v);
            if (idx >= base) { /* met before in this layer: keep the lower key */
                uint64_t *k = &first[idx - base].key, old = __atomic_load_n(k, __ATOMIC_RELAXED);
                while (key < old && !__atomic_compare_exchange_n(k, &old, key, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
                }
            }
            return LF_INS_OLD;
        }
        i = (i + 1) & mask;
    }
}
