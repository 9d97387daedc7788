/*
 * cmd_decode.c - `binsift decode`: print every event of some binlogs.
 *
 * The loop is the library's: resolve inputs, open a reader, hand each event
 * to the decode report. An error stops decoding; the summary of what was
 * read so far is still printed, then the error, and the exit status is 2.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "binsift/binlog.h"
#include "binsift/io.h"
#include "binsift/report.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
    fputs("usage: binsift decode [options] FILE|DIR|-...\n"
          "\n"
          "Print one line per event (file, position, type, size, details), and a\n"
          "summary of event counts per type. Inputs are binlog or relay-log files,\n"
          "gzip-compressed files, directories of binlogs (in *.index order), or -\n"
          "for standard input.\n"
          "\n"
          "options:\n"
          "  -v, --verbose             also print every row's column values\n"
          "      --format text|jsonl   output format (default text)\n"
          "      --start-position N    start at offset N of the first file\n"
          "      --stop-position N     stop before offset N of the last file\n"
          "      --no-verify-checksum  do not check CRC32 event checksums\n"
          "  -h, --help                this help\n",
          f);
}

enum { OPT_FORMAT = 256, OPT_START, OPT_STOP, OPT_NO_CRC };

static int parse_args(int argc, char **argv, bs_binlog_options *opt, int *verbose, int *format)
{
    static const struct option longopts[] = {
        {"verbose", no_argument, NULL, 'v'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"start-position", required_argument, NULL, OPT_START},
        {"stop-position", required_argument, NULL, OPT_STOP},
        {"no-verify-checksum", no_argument, NULL, OPT_NO_CRC},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'v': *verbose = 1; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") == 0) {
                *format = BS_DECODE_TEXT;
            } else if (strcmp(optarg, "jsonl") == 0) {
                *format = BS_DECODE_JSONL;
            } else {
                fprintf(stderr, "binsift decode: --format must be text or jsonl\n");
                return -1;
            }
            break;
        case OPT_START:
            if (bs_cli_parse_u64("--start-position", optarg, &opt->start_position)) return -1;
            break;
        case OPT_STOP:
            if (bs_cli_parse_u64("--stop-position", optarg, &opt->stop_position)) return -1;
            break;
        case OPT_NO_CRC: opt->verify_checksums = 0; break;
        case 'h': usage(stdout); return 1;
        default: usage(stderr); return -1;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "binsift decode: no input files\n");
        usage(stderr);
        return -1;
    }
    return 0;
}

int bs_cli_decode(int argc, char **argv)
{
    bs_binlog_options opt;
    bs_binlog_options_init(&opt);
    int verbose = 0, format = BS_DECODE_TEXT;
    int rc = parse_args(argc, argv, &opt, &verbose, &format);
    if (rc) return rc > 0 ? BS_EXIT_OK : BS_EXIT_BAD_INPUT;

    bs_error err;
    bs_error_clear(&err);
    bs_io_list *list = NULL;
    bs_binlog_reader *reader = NULL;
    bs_report_decode *out = NULL;
    rc = bs_io_list_resolve((const char *const *)argv + optind, (size_t)(argc - optind), &list,
                            &err);
    if (!rc) rc = bs_binlog_reader_open(list, &opt, &reader, &err);
    if (!rc && (rc = bs_report_decode_open(stdout, format, verbose, &out)) != 0)
        snprintf(err.message, sizeof err.message, "out of memory");
    if (rc) {
        bs_cli_print_error(&err);
        bs_binlog_reader_free(reader);
        bs_io_list_free(list);
        return BS_EXIT_BAD_INPUT;
    }
    bs_binlog_event ev;
    while ((rc = bs_binlog_next(reader, &ev, &err)) == 1)
        if ((rc = bs_report_decode_event(out, reader, &ev, &err)) != 0) break;
    int frc = bs_report_decode_finish(out, reader, rc < 0 ? &err : NULL);
    if (rc < 0) bs_cli_print_error(&err);
    if (frc && rc >= 0) fprintf(stderr, "binsift: writing the output failed\n");
    bs_report_decode_free(out);
    bs_binlog_reader_free(reader);
    bs_io_list_free(list);
    return rc < 0 || frc ? BS_EXIT_BAD_INPUT : BS_EXIT_OK;
}
