/* lf_runtime.h: what a generated successor module sees of the lifefsm native runtime.
 *
 * A model module is one C file:
 *
 *     #define LF_WORDS ...          (the constants listed in ABI.md)
 *     #include "lf_runtime.h"
 *     ... the model: tables, lf_model_init, lf_model_expand, lf_model_final, lf_model_pred ...
 *     #include "lf_engine.c"
 *
 * compiled as one translation unit, so the runtime's hooks (lf_succ, lf_viol, ...) are direct
 * calls the compiler may inline, never calls through function pointers. ABI.md is the contract;
 * this header checks what it can at compile time.
 *
 * A large module may instead be compiled as two translation units in parallel and linked into
 * one object (native/build.py, cprint.CModule.units): they define LF_SPLIT (1 and 2) before
 * this header; the first is the module as above less some of its step functions, the second
 * holds those (hidden, not static) and calls the hooks, which are then hidden functions of the
 * first unit (LF_HOOK) instead of static ones.
 */
#ifndef LF_RUNTIME_H
#define LF_RUNTIME_H

#include <stdint.h>
#include <string.h>

#define LF_ABI_VERSION 1

#if !defined(LF_WORDS) || !defined(LF_BITS) || !defined(LF_NMOVES) || !defined(LF_NPROPS)
#error "a model module defines LF_WORDS, LF_BITS, LF_NMOVES and LF_NPROPS before including lf_runtime.h"
#endif
#ifndef LF_NREACH
#define LF_NREACH 0
#endif
#ifndef LF_NPREDS
#define LF_NPREDS 0
#endif
#ifndef LF_NSYM
#define LF_NSYM 0
#endif
#ifndef LF_HAS_DEADLOCK
#define LF_HAS_DEADLOCK 0
#endif
#if LF_WORDS < 1 || LF_WORDS > 64
#error "LF_WORDS must be 1..64 (states of at most 4096 bits)"
#endif
#if LF_BITS > 64 * LF_WORDS || LF_BITS < 0
#error "LF_BITS must fit in LF_WORDS words"
#endif
#if LF_NMOVES < 1 || LF_NMOVES > 65535
#error "LF_NMOVES must be 1..65535 (move 0 is the tick; move ids are stored in 16 bits)"
#endif

typedef uint64_t lf_word;

/* The built-in property 'model_errors' (out-of-range assignment, index out of bounds, division by zero). */
#define LF_ERRORS LF_NPROPS

/* Bytes of a stored state: the state is stored packed to whole bytes, not whole words. */
#define LF_SBYTES (LF_BITS > 0 ? (LF_BITS + 7) / 8 : 1)

/* Most elements of one reduced array (the canonical form sorts them on the stack). */
#define LF_SYM_MAX 256

/* One array reduced by symmetry: ``count`` element blocks of ``width`` bits (1..64) at bit
 * offsets ``offs``; ``mmask`` the model bits of a block (monitor fields excluded, relative to the
 * block's start), for counting orbits; ``nfev`` the number of fair events of its machine. */
typedef struct {
    uint32_t count;
    uint32_t width;
    uint32_t nfev;
    uint64_t mmask;
    const uint32_t *offs;
} lf_sym;

/* What liveness needs to know about a move: ``unit`` its weak-fairness unit (the tick is 0, each
 * (instance, fair event) pair 1, 2, ...; -1 for a move that is not fair); when the moving instance
 * is an element of reduced array ``sym`` (-1 otherwise): its position ``elem`` in the array and the
 * index ``fev`` of the move's event among the fair events of the array's machine (-1: not fair). */
typedef struct {
    int32_t unit;
    int16_t sym;
    int16_t elem;
    int16_t fev;
} lf_move_info;

typedef struct lf_ctx lf_ctx;

#define LF_UNUSED __attribute__((unused))

/* How a hook is declared and defined: static in a module of one unit; a hidden function (visible
 * to the module's other unit, not exported from the object) in a module of two (LF_SPLIT). */
#ifdef LF_SPLIT
#define LF_HOOK __attribute__((visibility("hidden")))
#else
#define LF_HOOK static
#endif

#if !defined(LF_SPLIT) || LF_SPLIT == 1 /* (not in a split module's second unit) */
/* ---- the module defines these (static, in this translation unit) ---------------------------- */

/* The initial state (``s`` is zeroed first). */
static void lf_model_init(lf_word *s) LF_UNUSED;
/* Every check of state ``s`` and every step from it, reported through the hooks below. */
static void lf_model_expand(lf_ctx *X, const lf_word *s) LF_UNUSED;
/* Every instance is in a final leaf (used only when LF_HAS_DEADLOCK). */
static int lf_model_final(const lf_word *s) LF_UNUSED;
/* State predicate ``k`` (0 .. LF_NPREDS-1) in model state ``s``: 1 holds, 0 not, 2 model error. */
static int lf_model_pred(int k, const lf_word *s) LF_UNUSED;
#endif

/* ---- hooks: the model calls these from lf_model_expand and its step functions ------------ */

/* Nonzero while property ``pid`` (0..LF_NPROPS, LF_ERRORS included) is still open: a check whose
 * property is decided (or that the runtime does not want, as when building the liveness graph)
 * can be skipped. Only a hint: reporting a decided property again is harmless. */
LF_HOOK int lf_open(const lf_ctx *X, int pid) LF_UNUSED;
/* Nonzero while reach target ``j`` has no witness yet. */
LF_HOOK int lf_reach_open(const lf_ctx *X, int j) LF_UNUSED;
/* The state being expanded satisfies reach target ``j``. */
LF_HOOK void lf_reached(lf_ctx *X, int j) LF_UNUSED;
/* Property ``pid`` is violated: in the state itself (``move`` -1) or by move ``move``. */
LF_HOOK void lf_viol(lf_ctx *X, int pid, int move) LF_UNUSED;
/* Move ``move`` is enabled but hits a model error (``move`` -1: a property's expression in the
 * state itself does). Every enabled move ends in exactly one lf_succ or lf_error call. */
LF_HOOK void lf_error(lf_ctx *X, int move) LF_UNUSED;
/* The 'precedes' monitor of property ``pid`` gave up (more pending events than it counts). */
LF_HOOK void lf_over(lf_ctx *X, int pid) LF_UNUSED;
/* Move ``move`` leads to state ``n`` (LF_WORDS words, bits above LF_BITS zero). The runtime may
 * rewrite ``n`` (canonical form). A tick that changes nothing is not reported. */
LF_HOOK void lf_succ(lf_ctx *X, int move, lf_word *n) LF_UNUSED;
/* The same for a successor the module knows to be canonical already (no reduced block changed). */
LF_HOOK void lf_succ_canonical(lf_ctx *X, int move, const lf_word *n) LF_UNUSED;

/* Nonzero while the runtime builds the liveness graph rather than searching: a tick that changes
 * nothing (every clock saturated) is then reported, as a step to the same state, as the Python
 * engine's successor function does (time may pass forever: a fair cycle of the tick). */
LF_HOOK int lf_graph_mode(const lf_ctx *X) LF_UNUSED;

/* ---- bit fields: helpers for generated code (constant arguments fold away) ------------------ */

static inline uint64_t lf_get(const lf_word *s, unsigned off, unsigned bits) {
    unsigned w = off >> 6, sh = off & 63;
    uint64_t v = s[w] >> sh;
    if (LF_WORDS > 1 && sh + bits > 64) v |= s[w + 1] << (64 - sh);
    return bits >= 64 ? v : v & ((UINT64_C(1) << bits) - 1);
}

static inline void lf_put(lf_word *n, unsigned off, unsigned bits, uint64_t v) {
    unsigned w = off >> 6, sh = off & 63;
    uint64_t m = bits >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << bits) - 1;
    v &= m;
    n[w] = (n[w] & ~(m << sh)) | (v << sh);
    if (LF_WORDS > 1 && sh + bits > 64) {
        unsigned hi = sh + bits - 64;
        uint64_t mh = (UINT64_C(1) << hi) - 1;
        n[w + 1] = (n[w + 1] & ~mh) | (v >> (64 - sh));
    }
}

#endif
