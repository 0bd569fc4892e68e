/* Hand-written successor module for tests/native/specs/ring.lfsm, system Ring with n = N toggles.
 * The harness defines N, RING_OFFS ({0, 1, ..., N-1}) and RING_MOVES (the move table), and may
 * define RING_BITS (> N) to store wider states.
 * Layout as checker/plan.py lays it out: toggle i's leaf (Off 0, On 1) is bit i. Moves: 0 the
 * tick (never enabled: no clocks), 1 + 2i toggle i Off -> On, 2 + 2i toggle i On -> Off.
 * Properties: 0 no_deadlock, 1 all_on (reach target 0), 2 model_errors. */
#ifndef RING_BITS /* a wider state (zero bits above the toggles), to measure bytes per state at other widths */
#define RING_BITS N
#endif
#define LF_WORDS ((RING_BITS + 63) / 64)
#define LF_BITS RING_BITS
#define LF_NMOVES (1 + 2 * N)
#define LF_NPROPS 2
#define LF_NREACH 1
#define LF_NSYM 1
#define LF_HAS_DEADLOCK 1
#include "lf_runtime.h"

static const lf_word lf_model_mask[LF_WORDS] = {[0 ... LF_WORDS - 1] = ~(lf_word)0};
static const uint32_t ring_offs[N] = RING_OFFS;
static const lf_sym lf_model_sym[1] = {{N, 1, 0, 1, ring_offs}};
static const lf_move_info lf_model_moves[LF_NMOVES] = RING_MOVES;

#include "toggles.h"

static void lf_model_expand(lf_ctx *X, const lf_word *s) {
    if (lf_reach_open(X, 0)) {
        int all = 1;
        for (int i = 0; i < N && all; i++) all = (int)lf_get(s, (unsigned)i, 1);
        if (all) lf_reached(X, 0);
    }
    lf_word n[LF_WORDS];
    for (int i = 0; i < N; i++) {
        memcpy(n, s, sizeof n);
        int on = (int)((s[i >> 6] >> (i & 63)) & 1);
        n[i >> 6] ^= (lf_word)1 << (i & 63);
        lf_succ(X, on ? 2 + 2 * i : 1 + 2 * i, n);
    }
}

#include "lf_engine.c"
