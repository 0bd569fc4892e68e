/* Hand-written successor module for tests/native/specs/stepper.lfsm (parameter n = NN).
 * Layout: bit 0 the leaf (Run 0, Done 1), bits 1-6 the variable c, bit 7 the monitor of
 * quit_after_go ("go seen"). Moves: 0 tick (no clocks: never), 1 go, 2 quit, 3 back.
 * Properties: 0 below_n, 1 no_deadlock, 2 quit_after_go, 3 can_quit (reach 0), 4 gets_far
 * (reach 1), 5 reaches_n (predicate 0: c == n), 6 model_errors. */
#define LF_WORDS 1
#define LF_BITS 8
#define LF_NMOVES 4
#define LF_NPROPS 6
#define LF_NREACH 2
#define LF_NPREDS 1
#define LF_HAS_DEADLOCK 1
#include "lf_runtime.h"

static const lf_word lf_model_mask[1] = {0x7f};
static const lf_move_info lf_model_moves[LF_NMOVES] = {{0, -1, -1, -1}, {-1, -1, -1, -1}, {-1, -1, -1, -1},
                                                       {-1, -1, -1, -1}};

static void lf_model_init(lf_word *s) { s[0] = 0; }

static int lf_model_final(const lf_word *s) { return (int)(s[0] & 1); }

static int lf_model_pred(int k, const lf_word *s) { return k == 0 ? ((s[0] >> 1) & 63) == NN : 2; }

static void lf_model_expand(lf_ctx *X, const lf_word *s) {
    lf_word leaf = s[0] & 1, c = (s[0] >> 1) & 63, mon = (s[0] >> 7) & 1;
    if (lf_open(X, 0) && !(c < NN)) lf_viol(X, 0, -1);
    if (lf_reach_open(X, 0) && leaf == 1) lf_reached(X, 0);
    if (lf_reach_open(X, 1) && c == NN) lf_reached(X, 1);
    if (leaf != 0) return;
    lf_word n[1];
    if (c < NN) { /* go: c = c + 1; the monitor records go */
        n[0] = (s[0] & ~(lf_word)(63 << 1)) | ((c + 1) << 1) | (lf_word)1 << 7;
        lf_succ(X, 1, n);
    }
    if (c < 2) { /* quit: only after go */
        if (lf_open(X, 2) && mon == 0) lf_viol(X, 2, 2);
        n[0] = s[0] | 1;
        lf_succ(X, 2, n);
    }
    if (c == 1) { /* back: c = 0 */
        n[0] = s[0] & ~(lf_word)(63 << 1);
        lf_succ(X, 3, n);
    }
}

#include "lf_engine.c"
