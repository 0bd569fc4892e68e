/* lf_sym.h: symmetry reduction driven by the model's tables (lf_model_sym). Part of the runtime
 * translation unit.
 *
 * The canonical form of a state sorts the element blocks of every reduced array in ascending
 * order of their values (as unsigned integers), exactly as checker/symmetry.py does; ties keep
 * their order, so the permutation (canon_perm) matches the Python one. The orbit of a canonical
 * state, the number of states it stands for, is n! / (m1! m2! ...) per array, the m being the
 * multiplicities of equal blocks (model bits only).
 */

#if LF_NSYM > 0

#define LF_INLINE inline __attribute__((always_inline))

static LF_INLINE void lf_sort_blocks(uint64_t *v, uint32_t n) {
    for (uint32_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        uint32_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Per reduced array: its blocks lie side by side (offs[k] = offs[0] + k * width) within 128 bits from
 * the word holding the first, so all of them are read with one shift of two words and written back
 * with one mask (set by lf_sym_init; 0: block by block). */
static uint8_t lf_sym_runs[LF_NSYM];

static void lf_sym_init(void) {
    for (int a = 0; a < LF_NSYM; a++) {
        const lf_sym *t = &lf_model_sym[a];
        uint64_t sh = t->offs[0] & 63, span = (uint64_t)t->count * t->width;
        int run = t->count > 0 && sh + span <= (t->offs[0] / 64 + 1 < LF_WORDS ? 128u : 64u);
        for (uint32_t k = 1; run && k < t->count; k++) run = t->offs[k] == t->offs[0] + k * t->width;
        lf_sym_runs[a] = (uint8_t)run;
    }
}

/* Two words from word ``w`` (the second 0 past the state). */
static LF_INLINE unsigned __int128 lf_wide(const lf_word *n, unsigned w) {
    unsigned __int128 x = n[w];
    if (LF_WORDS > 1 && w + 1 < LF_WORDS) x |= (unsigned __int128)n[w + 1] << 64;
    return x;
}

/* The blocks of array ``a`` of ``n`` into ``v``; 1 if they are in ascending order already. */
static LF_INLINE int lf_sym_read(const lf_word *n, const lf_sym *t, uint64_t *v) {
    int sorted = 1;
    if (lf_sym_runs[t - lf_model_sym]) {
        unsigned __int128 x = lf_wide(n, t->offs[0] >> 6) >> (t->offs[0] & 63);
        uint64_t m = t->width >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << t->width) - 1;
        for (uint32_t k = 0; k < t->count; k++, x >>= t->width) {
            v[k] = (uint64_t)x & m;
            if (k && v[k] < v[k - 1]) sorted = 0;
        }
        return sorted;
    }
    for (uint32_t k = 0; k < t->count; k++) {
        v[k] = lf_get(n, t->offs[k], t->width);
        if (k && v[k] < v[k - 1]) sorted = 0;
    }
    return sorted;
}

/* Write the blocks ``v`` of array ``a`` into ``n``. */
static LF_INLINE void lf_sym_write(lf_word *n, const lf_sym *t, const uint64_t *v) {
    if (lf_sym_runs[t - lf_model_sym]) {
        unsigned w = t->offs[0] >> 6, sh = t->offs[0] & 63;
        uint64_t span = (uint64_t)t->count * t->width;
        unsigned __int128 y = 0, mask = span >= 128 ? ~(unsigned __int128)0 : ((unsigned __int128)1 << span) - 1;
        for (uint32_t k = t->count; k-- > 0;) y = (y << t->width) | v[k];
        unsigned __int128 x = (lf_wide(n, w) & ~(mask << sh)) | (y << sh);
        n[w] = (lf_word)x;
        if (LF_WORDS > 1 && w + 1 < LF_WORDS) n[w + 1] = (lf_word)(x >> 64);
        return;
    }
    for (uint32_t k = 0; k < t->count; k++) lf_put(n, t->offs[k], t->width, v[k]);
}

/* Make ``n`` canonical in place. */
static LF_INLINE void lf_canon(lf_word *n) {
    uint64_t v[LF_SYM_MAX];
    for (int a = 0; a < LF_NSYM; a++) {
        const lf_sym *t = &lf_model_sym[a];
        if (lf_sym_read(n, t, v)) continue;
        lf_sort_blocks(v, t->count);
        lf_sym_write(n, t, v);
    }
}

/* Make ``n`` canonical and write, for array ``a``, where each element position moved to
 * (``pos[old] = new``, stable for equal blocks). */
static void lf_canon_perm(lf_word *n, int a, uint32_t *pos) {
    uint64_t v[LF_SYM_MAX];
    uint32_t order[LF_SYM_MAX];
    const lf_sym *t = &lf_model_sym[a];
    lf_sym_read(n, t, v);
    for (uint32_t k = 0; k < t->count; k++) order[k] = k;
    for (uint32_t i = 1; i < t->count; i++) { /* stable insertion sort of positions by value */
        uint32_t x = order[i], j = i;
        while (j > 0 && v[order[j - 1]] > v[x]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
    for (uint32_t k = 0; k < t->count; k++) pos[order[k]] = k;
    lf_canon(n);
}

/* k! for k = 0..20 (20! < 2^64): the orbits of arrays of up to 20 elements in 64-bit arithmetic. */
static const uint64_t lf_fact[21] = {1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800, 39916800,
    479001600, UINT64_C(6227020800), UINT64_C(87178291200), UINT64_C(1307674368000),
    UINT64_C(20922789888000), UINT64_C(355687428096000), UINT64_C(6402373705728000),
    UINT64_C(121645100408832000), UINT64_C(2432902008176640000)};

/* The orbit size of canonical ``s`` (model bits), as a 128-bit number; *overflow set if it does not fit. */
static unsigned __int128 lf_orbit(const lf_word *s, int *overflow) {
    unsigned __int128 total = 1;
    uint64_t v[LF_SYM_MAX];
    for (int a = 0; a < LF_NSYM; a++) {
        const lf_sym *t = &lf_model_sym[a];
        lf_sym_read(s, t, v);
        for (uint32_t k = 0; k < t->count; k++) v[k] &= t->mmask;
        lf_sort_blocks(v, t->count);
        /* n! / prod(m!): exact in 64 bits up to 20 elements; beyond, a product of binomials, so
         * no intermediate exceeds the result much */
        unsigned __int128 size = 1;
        uint32_t placed = 0, k = 0;
        if (t->count <= 20) {
            uint64_t q = lf_fact[t->count];
            while (k < t->count) {
                uint32_t m = 1;
                while (k + m < t->count && v[k + m] == v[k]) m++;
                if (m > 1) q /= lf_fact[m];
                k += m;
            }
            size = q;
        }
        while (k < t->count) {
            uint32_t m = 1;
            while (k + m < t->count && v[k + m] == v[k]) m++;
            for (uint32_t j = 1; j <= m; j++) { /* size *= C(placed + m, m), incrementally */
                unsigned __int128 num = size * (placed + j);
                if (num / (placed + j) != size) *overflow = 1;
                size = num / j;
            }
            placed += m;
            k += m;
        }
        unsigned __int128 prod;
        if (__builtin_mul_overflow(total, size, &prod)) *overflow = 1;
        total = prod;
    }
    return total;
}

#else

static inline void lf_canon(lf_word *n) { (void)n; }
static inline void lf_sym_init(void) {}

#endif
