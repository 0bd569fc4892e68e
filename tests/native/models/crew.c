/* Hand-written successor module for tests/native/specs/crew.lfsm (three workers reduced by
 * symmetry, a ticker). Predicates: 0 any worker in Done, 1 every worker in {Working, Dead, Done,
 * Lazy}, 2 every worker in {Done, Dead}, 3 any worker in Working, 4 any worker in {Done, Dead,
 * Lazy}, 5 ticker in Off, 6 ticker in On. */
#define NW 3
#define LF_NPROPS 6
#define LF_NPREDS 7
#define LF_NSYM 1
#include "workers.h"

static const uint32_t crew_offs[NW] = {0, 5, 10};
static const lf_sym lf_model_sym[1] = {{NW, 5, 2, 0x1f, crew_offs}};
static const lf_move_info lf_model_moves[LF_NMOVES] = {
    {0, -1, -1, -1},
    {1, 0, 0, 0}, {2, 0, 0, 1}, {-1, 0, 0, -1}, {1, 0, 0, 0}, {-1, 0, 0, -1},
    {3, 0, 1, 0}, {4, 0, 1, 1}, {-1, 0, 1, -1}, {3, 0, 1, 0}, {-1, 0, 1, -1},
    {5, 0, 2, 0}, {6, 0, 2, 1}, {-1, 0, 2, -1}, {5, 0, 2, 0}, {-1, 0, 2, -1},
    {7, -1, -1, -1}, {7, -1, -1, -1}};

static int lf_model_pred(int k, const lf_word *s) {
    int any_done = 0, all_live = 1, all_settled = 1, any_working = 0, any_end = 0;
    for (int i = 0; i < NW; i++) {
        lf_word l = W_LEAF(s[0], i);
        any_done |= l == 3;
        all_live &= l != 0;
        all_settled &= l == 3 || l == 4;
        any_working |= l == 1;
        any_end |= l >= 2;
    }
    switch (k) {
    case 0: return any_done;
    case 1: return all_live;
    case 2: return all_settled;
    case 3: return any_working;
    case 4: return any_end;
    case 5: return T_LEAF(s[0]) == 0;
    case 6: return T_LEAF(s[0]) == 1;
    default: return 2;
    }
}

#include "lf_engine.c"
