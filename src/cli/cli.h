/*
 * cli.h - the subcommands of the binsift command-line tool.
 *
 * Each subcommand parses its own options and calls the library; exit
 * statuses are shared: 0 success, 1 findings (conflicts), 2 unusable input
 * or bad usage.
 */
#ifndef BS_CLI_H
#define BS_CLI_H

#include "binsift/error.h"

enum { BS_EXIT_OK = 0, BS_EXIT_FINDINGS = 1, BS_EXIT_BAD_INPUT = 2 };

int bs_cli_decode(int argc, char **argv);
int bs_cli_explain(int argc, char **argv);
int bs_cli_lint(int argc, char **argv);
int bs_cli_check(int argc, char **argv);

/* Print "binsift: <error>" to stderr. */
void bs_cli_print_error(const bs_error *err);
/* Parse a non-negative integer option value, or print an error. */
int bs_cli_parse_u64(const char *opt, const char *text, uint64_t *out);

#endif
