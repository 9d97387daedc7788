/*
 * lint_internal.h - the pieces behind bs_rules_lint_*() (binsift/rules.h).
 *
 * lint.c loads the files (the loaders report every DM validation), keeps
 * each file's YAML tree for key-level checks, and then, per mysql-instance,
 * compiles the instance's rules exactly as the replay does and hands them to
 * the analyses, one file each:
 *
 *   lint_names.c    exact questions about the sets of names DM wildcards
 *                   match (overlap, containment, a shortest example name),
 *                   decided on DM's trie semantics; concrete names of the
 *                   task for the cases a `~regex` makes undecidable;
 *   lint_keys.c     deprecated keys, keys DM overrides or ignores,
 *                   task/source case-sensitive differences, unused sources;
 *   lint_balist.c   block-allow lists, and "does the BA list drop every name
 *                   a rule could match", which routes and filters reuse;
 *   lint_routes.c   ambiguous routes (DM's 11043), routes the BA list makes
 *                   useless, schema-level routing gaps;
 *   lint_filters.c  binlog event filter rules that cannot do what they say;
 *   lint_expr.c     expression filters.
 *
 * Analyses report through lint_note(). A finding made while analysing one
 * instance is merged with the identical finding of other instances, and
 * names the instances when not all of them have it.
 */
#ifndef BS_LINT_INTERNAL_H
#define BS_LINT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "binsift/rules.h"
#include "rules/rules_compiled.h"
#include "task/task_internal.h"

/* ---- the analysis context (lint.c) ---- */

typedef struct lint_source {
    const char *file;
    bs_source *src; /* NULL when the file did not load */
    const ynode *root;
} lint_source;

typedef struct lint_item lint_item; /* a pending finding (lint.c) */

typedef struct lint_ctx {
    const char *task_file;
    const bs_task_config *task; /* NULL when the task did not load */
    const ynode *task_root;     /* NULL for an empty file */
    lint_source *sources;
    size_t n_sources;
    /* the instance being analysed (inst < 0: none) */
    int inst;
    const bs_task_instance *in;
    const lint_source *in_source; /* its source file, or NULL */
    bs_rules *rules;              /* its compiled rules */
    bs_arena scratch;             /* per-instance temporaries */
    /* findings */
    lint_item *items;
    size_t n_items, cap_items;
    bool oom;
} lint_ctx;

/* Record a finding about file:line (message printf-style). Made while an
 * instance is analysed, it is scoped to that instance. */
void lint_note(lint_ctx *L, int severity, int dm_code, const char *kind, const char *file, int line,
               const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The file a filter rule comes from: the task, or the instance's source. */
const char *lint_filter_file(const lint_ctx *L, const bs_task_filter *f);

/* ---- names and wildcards (lint_names.c) ---- */

/* Does some non-empty name satisfy every condition? It must match all of
 * `all`, at least one of `any` (when n_any > 0) and none of `none`. Only
 * wildcards are decided (patterns are the folded, compiled ones).
 * lower_only: names are lower-cased before matching (case-insensitive
 * task), so they never hold A-Z. */
typedef struct lint_wc_query {
    const bs_wildcard *const *all;
    size_t n_all;
    const bs_wildcard *const *any;
    size_t n_any;
    const bs_wildcard *const *none;
    size_t n_none;
    bool lower_only;
} lint_wc_query;

/* 1 when a name exists (witness, cap > 0, receives the shortest one,
 * preferring letters and digits, NUL-terminated), 0 when none does, -1 when
 * the search was abandoned (state limit), BS_ENOMEM. */
int lint_wc_exists(const lint_wc_query *q, char *witness, size_t cap);

/* The matcher lint_wc_exists() runs, on one name: tests compare it with
 * bs_wc_match(). */
bool lint_wc_walk_match(const bs_wildcard *w, const char *s, size_t n);

/* Which of two wildcard rules in one trie DM visits first for a name both
 * match (dm-rules.md §2.1 order). */
enum {
    LINT_ORDER_A_FIRST = 1,
    LINT_ORDER_B_FIRST,
    LINT_ORDER_CLASS_TIE, /* two '[...]' at item *at: the one inserted first wins */
    LINT_ORDER_DISJOINT,  /* no name matches both */
    LINT_ORDER_SAME       /* identical patterns */
};
int lint_wc_order(const bs_wildcard *a, const bs_wildcard *b, size_t *at);
/* Items a[0..n) equal b[0..n) (classes compared as the trie compares them). */
bool lint_wc_prefix_equal(const bs_wildcard *a, const bs_wildcard *b, size_t n);

/* An ASCII pattern text without wildcard characters (and not a ~regex
 * where allow_regex): it matches exactly one name, itself. */
bool lint_is_literal(const char *text, bool allow_regex);

/* A name for messages: `name`, with bytes that are not printable as \xNN. */
const char *lint_quote(char *out, size_t cap, const char *name);

/* Concrete names found in the task (BA entries, expression filters, route
 * and filter patterns without wildcards), folded like the instance's rules:
 * the test cases for questions involving a ~regex. */
typedef struct lint_names {
    const char **schemas; /* distinct */
    size_t n_schemas;
    const char **pairs; /* schema, table, schema, table, ... (distinct pairs) */
    size_t n_pairs;
} lint_names;

int lint_names_collect(lint_ctx *L, lint_names *out); /* in L->scratch */

/* ---- block-allow list (lint_balist.c) ---- */

/* A list of name patterns (the compiled, folded ones of the instance). */
typedef struct lint_pats {
    const bs_name_pattern *const *v;
    size_t n;
} lint_pats;

#define LINT_PATS(...)                                                                             \
    ((lint_pats){(const bs_name_pattern *const[]){__VA_ARGS__},                                    \
                 sizeof((const bs_name_pattern *const[]){__VA_ARGS__}) /                           \
                     sizeof(const bs_name_pattern *)})
#define LINT_NO_PATS ((lint_pats){NULL, 0})

/* Is there a schema matched by every pattern of all and by none of none,
 * that is no system schema and (use_ba) passes the schema level of the
 * instance's BA list? 1 (witness, cap > 0, gets one), 0, or -1 when binsift
 * cannot tell (a ~regex that no literal name pins down). */
int lint_schema_exists(lint_ctx *L, lint_pats all, lint_pats none, bool use_ba, char *witness,
                       size_t cap);
/* The same for table names, without any list. */
int lint_table_exists(lint_ctx *L, lint_pats all, lint_pats none, char *witness, size_t cap);

/* Does a table list hold entries DM does not pair (a ~regex db-name with a
 * wildcard tbl-name, dm-rules.md §3)? Questions on such lists are left
 * undecided. */
bool lint_ba_unpaired(const bs_ba_entry *e, size_t n);

/* Does outer match every name inner matches (identical texts, or decided
 * exactly for wildcards; false when a ~regex is involved)? */
bool lint_pattern_covers(lint_ctx *L, const bs_name_pattern *inner, const bs_name_pattern *outer);

/* 1 when the instance's BA list (system schemas included) provably drops
 * every name (schema, table) can match, 0 when some name passes or binsift
 * cannot tell. table NULL: a schema-level rule (schema-level events pass the
 * table level). why (cap bytes) receives the reason. */
int lint_ba_drops(lint_ctx *L, const bs_name_pattern *schema, const bs_name_pattern *table,
                  char *why, size_t cap);
void lint_balist(lint_ctx *L);

/* ---- the other analyses ---- */

void lint_keys(lint_ctx *L);          /* task and source YAML keys, once */
void lint_routes(lint_ctx *L);        /* per instance */
void lint_filters(lint_ctx *L);       /* per instance */
void lint_expr_instance(lint_ctx *L); /* per instance: BA list and filters vs rules */
void lint_expr_compile(lint_ctx *L);  /* once: can binsift evaluate each expression */

/* ---- YAML tree lookups (lint_keys.c) ---- */

/* The value of key in a mapping (aliases followed), or NULL; *key_line
 * (may be NULL) receives the key's line. */
const ynode *lint_ymap_get(const ynode *map, const char *key, int *key_line);

#endif
