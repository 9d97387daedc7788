/*
 * start.c - where a source's replay starts (dm-rules.md §11).
 *
 * DM starts a fresh incremental task at the instance's `meta`: by binlog file
 * and position, or, when the source has `enable-gtid: true` and the meta has
 * a GTID set, after every transaction that set contains. Files before the
 * meta's file are never sent by the server, so they are not read at all;
 * events of the start file before the position, and transactions the GTID
 * set contains, are read (cheaply: rows stay undecoded) and reported as
 * "before start" so the report shows what the start position excludes.
 *
 * mysqlbinlog-style --start-position / --start-datetime override the meta,
 * as they would override it for a person replaying by hand. Where DM's start
 * cannot be derived from files (task-mode all, incremental without meta) the
 * replay starts at the first event and a note says what DM would do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"
#include "util/error_internal.h"

/* The file name of a member, without directories or a .gz suffix, into out. */
static void member_name(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    snprintf(out, cap, "%s", slash ? slash + 1 : path);
    size_t n = strlen(out);
    if (n > 3 && strcmp(out + n - 3, ".gz") == 0) out[n - 3] = 0;
}

/* Keep only the members from index first on (DM never reads the others). */
static int drop_members_before(bs_check_src *s, size_t first, bs_error *err)
{
    size_t n = bs_io_list_count(s->list);
    const char **paths = calloc(n - first, sizeof *paths);
    if (!paths) return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    for (size_t i = first; i < n; i++)
        paths[i - first] = bs_io_list_path(s->list, i);
    bs_io_list *kept = NULL;
    int rc = bs_io_list_resolve(paths, n - first, &kept, err);
    free(paths);
    if (rc) return rc;
    bs_io_list_free(s->list);
    s->list = kept;
    return 0;
}

static int start_at_file(bs_check_src *s, const bs_task_meta *m, bs_error *err)
{
    size_t n = bs_io_list_count(s->list);
    char name[512];
    for (size_t i = 0; i < n; i++) {
        member_name(bs_io_list_path(s->list, i), name, sizeof name);
        if (strcmp(name, m->binlog_name) != 0) continue;
        s->start_pos = m->binlog_pos < 4 ? 4 : m->binlog_pos;
        snprintf(s->start_words, sizeof s->start_words, "%s:%u (task meta, line %d)%s",
                 m->binlog_name, (unsigned)s->start_pos, m->line,
                 i ? ", earlier files not read" : "");
        return i ? drop_members_before(s, i, err) : 0;
    }
    member_name(bs_io_list_path(s->list, 0), name, sizeof name);
    char last[512];
    member_name(bs_io_list_path(s->list, n - 1), last, sizeof last);
    return bs_error_set(err, BS_EINVAL, bs_task_get(s->check->task)->file, BS_NO_OFFSET,
                        "line %d: meta binlog-name %s of source %s is not among its binlog files "
                        "(%s .. %s): give the binlog files from that one on",
                        m->line, m->binlog_name, s->source_id, name, last);
}

static int gtid_flavor(const bs_check_src *s)
{
    const char *f = s->source ? bs_source_get(s->source)->flavor : "";
    if (strcmp(f, "mysql") == 0) return BS_GTID_MYSQL;
    if (strcmp(f, "mariadb") == 0) return BS_GTID_MARIADB;
    return 0;
}

static int start_at_gtid(bs_check_src *s, const bs_task_meta *m, bs_error *err)
{
    const char *task_file = bs_task_get(s->check->task)->file;
    int rc = bs_check_gtid_set_parse(m->binlog_gtid, strlen(m->binlog_gtid), gtid_flavor(s),
                                     &s->start_gtids, err);
    if (rc) {
        char why[600];
        snprintf(why, sizeof why, "%s", err->message);
        return bs_error_set(err, rc, task_file, BS_NO_OFFSET,
                            "line %d: meta binlog-gtid of source %s: %s", m->line, s->source_id,
                            why);
    }
    snprintf(s->start_words, sizeof s->start_words,
             "after GTID set %.300s (task meta, line %d; enable-gtid)", m->binlog_gtid, m->line);
    return 0;
}

static int start_from_meta(bs_check_src *s, bs_error *err)
{
    const bs_task_meta *m = &s->inst->meta;
    int gtid_mode = s->source && bs_source_get(s->source)->enable_gtid;
    if (gtid_mode && *m->binlog_gtid) return start_at_gtid(s, m, err);
    if (gtid_mode && m->binlog_pos <= 4) {
        bs_check_note(
            s, BS_DIAG_WARNING, "start-empty-gtid-set",
            "meta has binlog-name %s at position %u but no binlog-gtid, with enable-gtid: "
            "DM then requests by an empty GTID set, i.e. everything the server still "
            "has (or fails if it was purged); replaying every file given",
            m->binlog_name, (unsigned)m->binlog_pos);
        snprintf(s->start_words, sizeof s->start_words,
                 "first event (enable-gtid with only binlog-name/pos 4 in meta)");
        return 0;
    }
    /* enable-gtid with name and pos != 4: DM scans the file up to pos to get
     * the GTID set, which starts the same place */
    return start_at_file(s, m, err);
}

int bs_check_start_resolve(bs_check_src *s, bs_error *err)
{
    const bs_check_options *o = &s->check->opt;
    const bs_task_config *tc = bs_task_get(s->check->task);
    s->start_pos = 4;
    if (o->start_position || o->has_start_datetime) {
        if (o->start_position > 4) s->start_pos = o->start_position;
        snprintf(s->start_words, sizeof s->start_words, "%s (command line)",
                 o->start_position ? "--start-position" : "--start-datetime");
        return 0;
    }
    if (strcmp(tc->task_mode, "all") == 0 || strcmp(tc->task_mode, "full") == 0) {
        bs_check_note(s, BS_DIAG_INFO, "start-after-dump",
                      "task-mode %s: DM starts replicating at the position of its own dump, which "
                      "a dry run cannot know; replaying every event given",
                      tc->task_mode);
        snprintf(s->start_words, sizeof s->start_words, "first event (task-mode %s)",
                 tc->task_mode);
        return 0;
    }
    if (!s->inst->meta.present) {
        bs_check_note(s, BS_DIAG_INFO, "start-current-position",
                      "no meta: DM starts at the upstream's current position when the task is "
                      "created (SHOW MASTER STATUS); replaying every event given");
        snprintf(s->start_words, sizeof s->start_words, "first event (no meta)");
        return 0;
    }
    return start_from_meta(s, err);
}
