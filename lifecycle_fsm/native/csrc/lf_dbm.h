/* lf_dbm.h: difference-bound matrices (zones) for the native symbolic check (issue 14).
 *
 * The same operations, encoding and results as lifecycle_fsm/zones/dbm.py and extrapolate.py,
 * which stay the reference: tests/native/test_dbm.py compiles this header alone and compares
 * every function with them on random zones. A zone over clocks x1..xk is n*n bounds (n = k + 1,
 * row-major); d[i*n+j] bounds xi - xj, x0 is the constant 0. A bound is 2c+1 for "<= c" and 2c
 * for "< c" (the encoding of UPPAAL's DBM library), so bounds compare as integers in the order
 * of the sets they allow; LF_INF is "no bound" and is never added. Constants must stay within
 * +-2^29 so that the sum of two finite bounds cannot overflow: the checker's constants are
 * seconds (at most a few thousand) and extrapolation keeps every bound within them.
 *
 * Every function takes a canonical non-empty zone (except lf_dbm_close) and leaves it canonical;
 * one that empties a zone returns 0 and marks it (d[0] = LF_EMPTY), after which it must not be
 * used. The algorithms are the standard ones (Bengtsson and Yi, "Timed automata: semantics,
 * algorithms and tools", 2004; Behrmann, Bouyer, Larsen and Pelanek, "Lower and upper bounds in
 * zone-based abstractions of timed automata", STTT 8(3), 2006).
 */
#ifndef LF_DBM_H
#define LF_DBM_H

#include <stdint.h>
#include <string.h>

typedef int32_t lf_bound;

#define LF_INF INT32_MAX
#define LF_LE_ZERO 1 /* <= 0 */
#define LF_EMPTY (-1)
#define LF_NO_BOUND (-1) /* an L or U constant: the clock is never compared that way */

static inline lf_bound lf_le(int32_t c) { return (lf_bound)(c * 2 + 1); }
static inline lf_bound lf_lt(int32_t c) { return (lf_bound)(c * 2); }

/* the bound on x - z implied by a on x - y and b on y - z: strict if either is */
static inline lf_bound lf_bound_add(lf_bound a, lf_bound b) {
    if (a == LF_INF || b == LF_INF) return LF_INF;
    return a + b - ((a | b) & 1);
}

/* over the integers, made non-strict: "< c" becomes "<= c - 1" */
static inline lf_bound lf_integral(lf_bound b) { return (b == LF_INF || (b & 1)) ? b : b - 1; }

static inline int lf_dbm_is_empty(const lf_bound *d) { return d[0] < LF_LE_ZERO; }

static inline void lf_dbm_zero(lf_bound *d, int n) {
    for (int k = 0; k < n * n; k++) d[k] = LF_LE_ZERO;
}

static inline void lf_dbm_universe(lf_bound *d, int n) {
    for (int k = 0; k < n * n; k++) d[k] = LF_INF;
    for (int j = 0; j < n; j++) {
        d[j] = LF_LE_ZERO;
        d[j * n + j] = LF_LE_ZERO;
    }
}

/* Floyd-Warshall: canonical form; 0 (and marked) if the zone is empty */
static inline int lf_dbm_close(lf_bound *d, int n) {
    for (int k = 0; k < n; k++) {
        const lf_bound *rk = d + k * n;
        for (int i = 0; i < n; i++) {
            lf_bound dik = d[i * n + k];
            if (dik == LF_INF) continue;
            lf_bound *ri = d + i * n;
            for (int j = 0; j < n; j++) {
                lf_bound dkj = rk[j];
                if (dkj == LF_INF) continue;
                lf_bound s = dik + dkj - ((dik | dkj) & 1);
                if (s < ri[j]) ri[j] = s;
            }
            if (ri[i] < LF_LE_ZERO) {
                d[0] = LF_EMPTY;
                return 0;
            }
        }
    }
    return 1;
}

/* canonical form again after d[a][b] was tightened (the zone known non-empty): O(n^2) */
static inline void lf_dbm_close_through(lf_bound *d, int n, int a, int b) {
    lf_bound dab = d[a * n + b];
    for (int i = 0; i < n; i++) {
        lf_bound dia = d[i * n + a];
        if (dia == LF_INF) continue;
        lf_bound via = dia + dab - ((dia | dab) & 1);
        const lf_bound *rb = d + b * n; /* row b does not change on the way */
        lf_bound *ri = d + i * n;
        for (int j = 0; j < n; j++) {
            lf_bound dbj = rb[j];
            if (dbj == LF_INF) continue;
            lf_bound s = via + dbj - ((via | dbj) & 1);
            if (s < ri[j]) ri[j] = s;
        }
    }
}

/* intersect with xi - xj bounded by b */
static inline int lf_dbm_constrain(lf_bound *d, int n, int i, int j, lf_bound b) {
    if (b >= d[i * n + j]) return 1;
    lf_bound opposite = d[j * n + i];
    if (opposite != LF_INF && b + opposite - ((b | opposite) & 1) < LF_LE_ZERO) {
        d[0] = LF_EMPTY;
        return 0;
    }
    d[i * n + j] = b;
    lf_dbm_close_through(d, n, i, j);
    return 1;
}

/* intersect with another zone of the same dimension */
static inline int lf_dbm_intersect(lf_bound *d, const lf_bound *other, int n) {
    int changed = 0;
    for (int k = 0; k < n * n; k++)
        if (other[k] < d[k]) {
            d[k] = other[k];
            changed = 1;
        }
    return changed ? lf_dbm_close(d, n) : 1;
}

/* delay by any amount: drop every upper bound */
static inline void lf_dbm_up(lf_bound *d, int n) {
    for (int i = 1; i < n; i++) d[i * n] = LF_INF;
}

/* the valuations from which delay reaches the zone (staying non-negative) */
static inline void lf_dbm_down(lf_bound *d, int n) {
    for (int j = 1; j < n; j++) {
        lf_bound best = LF_LE_ZERO;
        for (int i = 1; i < n; i++)
            if (d[i * n + j] < best) best = d[i * n + j];
        d[j] = best;
    }
}

/* clock x := value (>= 0) */
static inline void lf_dbm_reset(lf_bound *d, int n, int x, int32_t value) {
    lf_bound *rx = d + x * n;
    if (value == 0) {
        memmove(rx, d, sizeof(lf_bound) * (size_t)n);
        for (int j = 0; j < n; j++) d[j * n + x] = d[j * n];
    } else {
        lf_bound up_v = lf_le(value), down_v = lf_le(-value);
        for (int j = 0; j < n; j++) {
            rx[j] = lf_bound_add(d[j], up_v);
            d[j * n + x] = lf_bound_add(d[j * n], down_v);
        }
    }
    rx[x] = LF_LE_ZERO;
}

/* forget everything about clock x but x >= 0 */
static inline void lf_dbm_free(lf_bound *d, int n, int x) {
    for (int j = 0; j < n; j++) {
        d[x * n + j] = LF_INF;
        d[j * n + x] = d[j * n];
    }
    d[x * n + x] = LF_LE_ZERO;
}

/* zone a included in zone b (both canonical, non-empty) */
static inline int lf_dbm_is_subset(const lf_bound *a, const lf_bound *b, int n) {
    for (int k = 0; k < n * n; k++)
        if (a[k] > b[k]) return 0;
    return 1;
}

/* the closed zone with the same integer points; 0 if it has none */
static inline int lf_dbm_make_integral(lf_bound *d, int n) {
    int changed = 0;
    for (int k = 0; k < n * n; k++) {
        lf_bound nb = lf_integral(d[k]);
        if (nb != d[k]) {
            d[k] = nb;
            changed = 1;
        }
    }
    return changed ? lf_dbm_close(d, n) : 1;
}

/* Whether a canonical non-empty zone has an integer point (lf_dbm_make_integral on a copy in ``w``,
 * n*n bounds of scratch): the same answer for less work when few bounds are strict (Extra_M leaves
 * a strict lower bound on each clock above its constant): the integral zone is the zone cut by each
 * strict bound made non-strict, so each is a constraint closed through in O(n^2) instead of one
 * O(n^3) closure of them all. */
static inline int lf_dbm_has_integer_point(const lf_bound *z, int n, lf_bound *w) {
    int strict = 0;
    for (int k = 0; k < n * n; k++)
        if (z[k] != LF_INF && !(z[k] & 1)) strict++;
    if (!strict) return 1;
    memcpy(w, z, sizeof(lf_bound) * (size_t)(n * n));
    if (strict > n) return lf_dbm_make_integral(w, n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            lf_bound b = z[i * n + j];
            if (b != LF_INF && !(b & 1) && !lf_dbm_constrain(w, n, i, j, b - 1)) return 0;
        }
    return 1;
}

/* Extra_LU (lower = L, upper = U, one constant per clock, index 0 ignored; LF_NO_BOUND = never
 * compared that way); with plus != 0, Extra+_LU. The rules read the zone as it was: `row0` is a
 * copy of row 0 taken first (n bounds of scratch space). */
static inline void lf_dbm_extra_lu(lf_bound *d, int n, const int32_t *lower, const int32_t *upper, int plus,
                                   lf_bound *row0) {
    memcpy(row0, d, sizeof(lf_bound) * (size_t)n);
    int changed = 0;
    for (int i = 0; i < n; i++) {
        int32_t li = i ? lower[i] : 0;
        int above_li = i && (li < 0 || row0[i] < lf_lt(-li));
        for (int j = 0; j < n; j++) {
            if (i == j) continue;
            lf_bound b = d[i * n + j], nb = b;
            int32_t uj = j ? upper[j] : 0;
            if (plus) {
                int above_uj = j && (uj < 0 || row0[j] < lf_lt(-uj));
                if (i && (above_li || (b != LF_INF && b > lf_le(li))))
                    nb = LF_INF;
                else if (above_uj)
                    nb = i ? LF_INF : (uj < 0 ? LF_LE_ZERO : lf_lt(-uj));
            } else {
                if (i && b != LF_INF && (li < 0 || b > lf_le(li)))
                    nb = LF_INF;
                else if (uj < 0)
                    nb = i ? LF_INF : LF_LE_ZERO;
                else if (b < lf_lt(-uj))
                    nb = lf_lt(-uj);
            }
            if (nb != b) {
                d[i * n + j] = nb;
                changed = 1;
            }
        }
    }
    if (changed) lf_dbm_close(d, n);
}

/* a hash of a canonical zone (equal zones hash equal), for the zone table */
static inline uint64_t lf_dbm_hash(const lf_bound *d, int n) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)n;
    for (int k = 0; k < n * n; k++) {
        h ^= (uint32_t)d[k];
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    return h;
}

#endif /* LF_DBM_H */
