/*
 * fixture_queries.h - every QUERY event of the shared fixture corpus, for
 * the corpus tests of the DDL parser, the QUERY decision and the schema
 * tracker (each a standalone cmocka program, so this is header-only).
 *
 * Walks a directory tree (skipping dot files, "_" folders such as the
 * reference decodes, and the manifests), reads each file as a binlog with
 * checksums off (unreadable files are skipped: the decode corpus test owns
 * them), and calls the walker's hooks per file and per decoded QUERY event.
 */
#ifndef BS_TESTS_FIXTURE_QUERIES_H
#define BS_TESTS_FIXTURE_QUERIES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binsift/binlog.h"
#include "binsift/io.h"

typedef struct fixture_walker {
    void (*file_begin)(void *ctx, const char *path); /* may be NULL */
    void (*query)(void *ctx, const bs_binlog_event *ev, const bs_binlog_fde *fde);
    void (*file_end)(void *ctx, const char *path); /* may be NULL */
    void *ctx;
} fixture_walker;

static void fixture_queries_of_file(const fixture_walker *w, const char *path)
{
    bs_io_list *list;
    bs_binlog_reader *r;
    bs_binlog_options opt;
    bs_error err;
    bs_binlog_options_init(&opt);
    opt.verify_checksums = 0;
    const char *paths[] = {path};
    if (bs_io_list_resolve(paths, 1, &list, &err)) return;
    if (bs_binlog_reader_open(list, &opt, &r, &err)) {
        bs_io_list_free(list);
        return;
    }
    if (w->file_begin) w->file_begin(w->ctx, path);
    bs_binlog_event ev;
    while (bs_binlog_next(r, &ev, &err) == 1)
        if ((ev.type == BS_EV_QUERY || ev.type == BS_EV_MARIA_QUERY_COMPRESSED) && !ev.undecoded)
            w->query(w->ctx, &ev, bs_binlog_reader_fde(r));
    if (w->file_end) w->file_end(w->ctx, path);
    bs_binlog_reader_free(r);
    bs_io_list_free(list);
}

static void fixture_queries(const fixture_walker *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || e->d_name[0] == '_') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st)) continue;
        if (S_ISDIR(st.st_mode))
            fixture_queries(w, path);
        else if (S_ISREG(st.st_mode) && !strstr(e->d_name, ".json") && !strstr(e->d_name, ".md"))
            fixture_queries_of_file(w, path);
    }
    closedir(d);
}

/* The fixture directory ($BINSIFT_SHARED/fixtures) into dir: 0, or 77 (the
 * exit status ctest reports as skipped) after saying why. */
static int fixture_dir(char *dir, size_t cap)
{
    const char *shared = getenv("BINSIFT_SHARED");
    struct stat st;
    snprintf(dir, cap, "%s/fixtures", shared ? shared : "");
    if (shared && *shared && !stat(dir, &st) && S_ISDIR(st.st_mode)) return 0;
    printf("skipped: no fixture corpus (set BINSIFT_SHARED to the shared directory)\n");
    return 77;
}

#endif
