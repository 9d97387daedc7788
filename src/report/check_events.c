/*
 * check_events.c - one verdict as a JSON line, and the statement DM would
 * run downstream for it.
 *
 * Row statements follow DM's forms (dm-rules.md §10.2): INSERT / REPLACE
 * INTO target (columns) VALUES (...), UPDATE target SET ... WHERE key LIMIT 1,
 * DELETE FROM target WHERE key LIMIT 1, and under safe mode a key-changing
 * update as DELETE then REPLACE. Columns are named from the structure DM
 * tracks; when no name is known they are written @1, @2... as mysqlbinlog
 * does. Extract-column values are appended after the table's own columns.
 */
#include <string.h>

#include "binsift/report.h"

static int name_of(bs_buf *out, const bs_check_row *r, uint32_t col)
{
    if (col >= r->ncols) return bs_buf_printf(out, "`%s`", r->extract_names[col - r->ncols]);
    if (r->names) return bs_buf_printf(out, "`%s`", r->names[col]);
    return bs_buf_printf(out, "@%u", col + 1);
}

static int value_of(bs_buf *out, const bs_check_row *r, const bs_binlog_image *img, uint32_t col,
                    bs_error *err)
{
    if (col >= r->ncols) {
        bs_buf_putc(out, '\'');
        for (const char *p = r->extract_values[col - r->ncols]; *p; p++)
            if ((*p == '\'' && bs_buf_putc(out, '\'')) || bs_buf_putc(out, *p)) return BS_ENOMEM;
        return bs_buf_putc(out, '\'');
    }
    bs_value v;
    int rc = bs_binlog_image_value(r->rows, img, col, &v, err);
    if (rc) return rc;
    const bs_binlog_table *t = r->rows->table;
    return bs_report_value_text(out, &v, t && col < t->ncols ? &t->cols[col] : NULL, err);
}

static int target(bs_buf *out, const bs_check_verdict *v)
{
    return bs_buf_printf(out, "`%s`.`%s`", v->target_schema, v->target_table);
}

static int insert(bs_buf *out, const bs_check_verdict *v, const char *verb, bs_error *err)
{
    const bs_check_row *r = v->row;
    uint32_t n = r->ncols + r->nextract;
    int rc = bs_buf_printf(out, "%s INTO ", verb) || target(out, v);
    if (!rc && (r->names || r->nextract)) {
        rc = bs_buf_puts(out, " (");
        for (uint32_t i = 0; !rc && i < n; i++)
            rc = (i && bs_buf_putc(out, ',')) || name_of(out, r, i);
        rc = rc || bs_buf_putc(out, ')');
    }
    rc = rc || bs_buf_puts(out, " VALUES (");
    for (uint32_t i = 0; !rc && i < n; i++)
        rc = (i && bs_buf_putc(out, ',')) || value_of(out, r, &r->row->after, i, err);
    return rc ? rc : bs_buf_putc(out, ')');
}

/* WHERE over the key columns of the before image (every column without a key). */
static int where(bs_buf *out, const bs_check_row *r, bs_error *err)
{
    uint32_t n = r->nkey ? r->nkey : r->ncols;
    int rc = bs_buf_puts(out, " WHERE ");
    for (uint32_t i = 0; !rc && i < n; i++) {
        uint32_t col = r->nkey ? r->key[i] : i;
        rc = (i && bs_buf_puts(out, " AND ")) || name_of(out, r, col);
        if (rc) break;
        if (bs_binlog_image_is_null(&r->row->before, col))
            rc = bs_buf_puts(out, " IS NULL");
        else
            rc = bs_buf_puts(out, " = ") || value_of(out, r, &r->row->before, col, err);
    }
    return rc ? rc : bs_buf_puts(out, " LIMIT 1");
}

static int update(bs_buf *out, const bs_check_verdict *v, bs_error *err)
{
    const bs_check_row *r = v->row;
    int rc = bs_buf_puts(out, "UPDATE ") || target(out, v) || bs_buf_puts(out, " SET ");
    for (uint32_t i = 0; !rc && i < r->ncols + r->nextract; i++)
        rc = (i && bs_buf_putc(out, ',')) || name_of(out, r, i) || bs_buf_puts(out, " = ") ||
             value_of(out, r, &r->row->after, i, err);
    return rc ? rc : where(out, r, err);
}

static int delete (bs_buf *out, const bs_check_verdict *v, bs_error *err)
{
    return bs_buf_puts(out, "DELETE FROM ") || target(out, v) ? BS_ENOMEM : where(out, v->row, err);
}

int bs_report_check_sql(const bs_check_verdict *v, bs_buf *out, bs_error *err)
{
    if (v->verdict != BS_VERDICT_MIGRATED) return 0;
    if (v->statement == BS_CHECK_STMT_DDL) return bs_buf_append(out, v->sql, v->sql_len);
    if (!v->row) return 0;
    switch (v->statement) {
    case BS_CHECK_STMT_INSERT: return insert(out, v, "INSERT", err);
    case BS_CHECK_STMT_REPLACE: return insert(out, v, "REPLACE", err);
    case BS_CHECK_STMT_UPDATE: return update(out, v, err);
    case BS_CHECK_STMT_DELETE: return delete (out, v, err);
    case BS_CHECK_STMT_DELETE_REPLACE: {
        int rc = delete (out, v, err);
        return rc || bs_buf_puts(out, ";\n") ? rc : insert(out, v, "REPLACE", err);
    }
    default: return 0;
    }
}

int bs_report_check_verdict_json(const bs_check_verdict *v, const char *sql, bs_buf *out)
{
    const char *event = v->dm_event ? bs_rules_event_name(v->dm_event) : NULL;
    int rc = bs_buf_putc(out, '{') || bs_report_json_field(out, "source", v->source_id) ||
             bs_report_json_field(out, "file", v->file) ||
             bs_report_json_u64_field(out, "position", v->position) ||
             bs_report_json_field(out, "gtid", v->gtid) ||
             bs_report_json_u64_field(out, "timestamp", v->timestamp) ||
             bs_report_json_field(out, "event_type", bs_binlog_event_type_name(v->event_type)) ||
             bs_report_json_field(out, "event", event) ||
             bs_report_json_field(out, "schema", v->schema) ||
             bs_report_json_field(out, "table", v->table) ||
             bs_report_json_field(out, "target_schema", v->target_schema) ||
             bs_report_json_field(out, "target_table", v->target_table) ||
             bs_report_json_field(out, "verdict", bs_check_verdict_name(v->verdict)) ||
             bs_report_json_field(out, "step", v->step ? bs_check_step_name(v->step) : NULL) ||
             bs_report_json_field(out, "rule", v->rule) ||
             bs_report_json_u64_field(out, "code", (uint64_t)v->dm_code) ||
             bs_report_json_field(out, "detail", v->detail) ||
             bs_report_json_field(out, "statement",
                                  v->statement ? bs_check_statement_name(v->statement) : NULL) ||
             bs_report_json_field(out, "sql", sql) ||
             (v->rows == BS_CHECK_ROWS_UNKNOWN ? bs_report_json_field(out, "rows", NULL)
                                               : bs_report_json_u64_field(out, "rows", v->rows)) ||
             bs_buf_puts(out, "}\n");
    return rc ? BS_ENOMEM : 0;
}
