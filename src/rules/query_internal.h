/*
 * query_internal.h - what the QUERY-event decision (query.c), the DDL event
 * classification (ddl_event.c) and the MODIFY/CHANGE COLUMN comparison
 * (ddl_column.c) share.
 */
#ifndef BS_RULES_QUERY_INTERNAL_H
#define BS_RULES_QUERY_INTERNAL_H

#include "binsift/rules.h"
#include "binsift/schema.h"

/* DM's handleModifyColumn for one MODIFY/CHANGE COLUMN specification of a
 * split ALTER TABLE: the event type, and why (a static string). old is the
 * column as the tracker knows it. */
int bs_dm_modify_column_event(const bs_ddl_alter_spec *spec, const bs_ddl_stmt *stmt,
                              const bs_rules_old_column *old, const char **why);

/* ASCII case-insensitive equality of a counted string and a C string. */
int bs_dm_ieq(const char *s, size_t n, const char *z);

#endif
