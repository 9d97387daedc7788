/*
 * main.c - binsift's entry point: dispatch to a subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define BINSIFT_VERSION "0.1.0"

static void usage(FILE *f)
{
    fputs("usage: binsift <command> [options]\n"
          "\n"
          "commands:\n"
          "  check    dry-run a DM task over binlogs: what it would migrate, drop, stop on\n"
          "           (binsift check --help)\n"
          "  decode   print the events of binlog files (binsift decode --help)\n"
          "  explain  show DM's steps and verdict for a table (binsift explain --help)\n"
          "  lint     find what is wrong or suspicious in a DM task (binsift lint --help)\n"
          "\n"
          "binsift answers what a TiDB DM migration task would do with a MySQL/MariaDB\n"
          "binlog. Exit status: 0 ok, 1 conflicts found, 2 unusable input.\n",
          f);
}

void bs_cli_print_error(const bs_error *err)
{
    char msg[1400];
    fprintf(stderr, "binsift: %s\n", bs_error_format(err, msg, sizeof msg));
}

int bs_cli_parse_u64(const char *opt, const char *text, uint64_t *out)
{
    char *end;
    if (!text[0] || text[0] == '-') goto bad;
    *out = strtoull(text, &end, 10);
    if (*end == 0) return 0;
bad:
    fprintf(stderr, "binsift: %s expects a non-negative integer, got '%s'\n", opt, text);
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return BS_EXIT_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "check") == 0) return bs_cli_check(argc - 1, argv + 1);
    if (strcmp(cmd, "decode") == 0) return bs_cli_decode(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0) return bs_cli_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "lint") == 0) return bs_cli_lint(argc - 1, argv + 1);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return BS_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        puts("binsift " BINSIFT_VERSION);
        return BS_EXIT_OK;
    }
    fprintf(stderr, "binsift: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return BS_EXIT_BAD_INPUT;
}
