/* Hand-written successor module for tests/native/specs/team.lfsm (two workers, a ticker; no
 * symmetry: the machine has per-instance liveness properties). Predicates, in the order of the
 * harness's table: 0 w[0] in Working, 1 w[0] in Done, 2 w[1] in Working, 3 w[1] in Done,
 * 4 w[0] in {Working, Lazy, Done, Dead}, 5 the same for w[1], 6 w[0] in {Working, Dead}, 7 the same
 * for w[1], 8 ticker in Off, 9 ticker in On, 10 any worker in Done, 11 every worker in {Working,
 * Lazy, Done, Dead}. */
#define NW 2
#define LF_NPROPS 8
#define LF_NPREDS 12
#include "workers.h"

static const lf_move_info lf_model_moves[LF_NMOVES] = {
    {0, -1, -1, -1},
    {1, -1, -1, -1}, {2, -1, -1, -1}, {-1, -1, -1, -1}, {1, -1, -1, -1}, {-1, -1, -1, -1},
    {3, -1, -1, -1}, {4, -1, -1, -1}, {-1, -1, -1, -1}, {3, -1, -1, -1}, {-1, -1, -1, -1},
    {5, -1, -1, -1}, {5, -1, -1, -1}};

static int lf_model_pred(int k, const lf_word *s) {
    lf_word a = W_LEAF(s[0], 0), b = W_LEAF(s[0], 1);
    switch (k) {
    case 0: return a == 1;
    case 1: return a == 3;
    case 2: return b == 1;
    case 3: return b == 3;
    case 4: return a != 0;
    case 5: return b != 0;
    case 6: return a == 1 || a == 4;
    case 7: return b == 1 || b == 4;
    case 8: return T_LEAF(s[0]) == 0;
    case 9: return T_LEAF(s[0]) == 1;
    case 10: return a == 3 || b == 3;
    case 11: return a != 0 && b != 0;
    default: return 2;
    }
}

#include "lf_engine.c"
