/* Hand-written successor module for tests/native/specs/wave.lfsm, system Wave with n = N toggles and
 * h = H (the harness defines both and WAVE_MOVES, the move table).
 * Layout as checker/plan.py lays it out: toggle i's leaf (Off 0, On 1) is bit i. Moves: 0 the tick
 * (never enabled: no clocks), 1 + 2i toggle i Off -> On, 2 + 2i toggle i On -> Off.
 * Properties: 0 late_in_layer (t[0] Off and H toggles On), 1 no_deadlock, 2 model_errors.
 * WAVE_SLOW (a state, optional): expanding that state first sleeps 20 ms, before its checks, so that
 * the other threads of a parallel search expand the rest of its layer meanwhile. */
#include <time.h>
#define LF_WORDS 1
#define LF_BITS N
#define LF_NMOVES (1 + 2 * N)
#define LF_NPROPS 2
#define LF_HAS_DEADLOCK 1
#include "lf_runtime.h"

static const lf_word lf_model_mask[1] = {(UINT64_C(1) << N) - 1};
static const lf_move_info lf_model_moves[LF_NMOVES] = WAVE_MOVES;

#include "toggles.h"

static void lf_model_expand(lf_ctx *X, const lf_word *s) {
#ifdef WAVE_SLOW
    if (s[0] == (lf_word)(WAVE_SLOW)) {
        struct timespec t = {0, 20 * 1000 * 1000};
        nanosleep(&t, NULL);
    }
#endif
    if (lf_open(X, 0) && !(s[0] & 1) && __builtin_popcountll(s[0]) == H) lf_viol(X, 0, -1);
    lf_word n[1];
    for (int i = 0; i < N; i++) {
        n[0] = s[0] ^ ((lf_word)1 << i);
        lf_succ_canonical(X, (s[0] >> i) & 1 ? 2 + 2 * i : 1 + 2 * i, n);
    }
}

#include "lf_engine.c"
