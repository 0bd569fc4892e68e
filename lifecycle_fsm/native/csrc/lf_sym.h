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

static inline void lf_sort_blocks(uint64_t *v, uint32_t n) {
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

/* Make ``n`` canonical in place. */
static void lf_canon(lf_word *n) {
    uint64_t v[LF_SYM_MAX];
    for (int a = 0; a < LF_NSYM; a++) {
        const lf_sym *t = &lf_model_sym[a];
        int sorted = 1;
        for (uint32_t k = 0; k < t->count; k++) {
            v[k] = lf_get(n, t->offs[k], t->width);
            if (k && v[k] < v[k - 1]) sorted = 0;
        }
        if (sorted) continue;
        lf_sort_blocks(v, t->count);
        for (uint32_t k = 0; k < t->count; k++) lf_put(n, t->offs[k], t->width, v[k]);
    }
}

/* Make ``n`` canonical and write, for array ``a``, where each element position moved to
 * (``pos[old] = new``, stable for equal blocks). */
static void lf_canon_perm(lf_word *n, int a, uint32_t *pos) {
    uint64_t v[LF_SYM_MAX];
    uint32_t order[LF_SYM_MAX];
    const lf_sym *t = &lf_model_sym[a];
    for (uint32_t k = 0; k < t->count; k++) {
        v[k] = lf_get(n, t->offs[k], t->width);
        order[k] = k;
    }
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

/* The orbit size of canonical ``s`` (model bits), as a 128-bit number; *overflow set if it does not fit. */
static unsigned __int128 lf_orbit(const lf_word *s, int *overflow) {
    unsigned __int128 total = 1;
    uint64_t v[LF_SYM_MAX];
    for (int a = 0; a < LF_NSYM; a++) {
        const lf_sym *t = &lf_model_sym[a];
        for (uint32_t k = 0; k < t->count; k++) v[k] = lf_get(s, t->offs[k], t->width) & t->mmask;
        lf_sort_blocks(v, t->count);
        /* n! / prod(m!) as a product of binomials, so no intermediate exceeds the result much */
        unsigned __int128 size = 1;
        uint32_t placed = 0, k = 0;
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
        unsigned __int128 prod = total * size;
        if (size && prod / size != total) *overflow = 1;
        total = prod;
    }
    return total;
}

#else

static inline void lf_canon(lf_word *n) { (void)n; }

#endif
