/*
 * event_type.c - DM's binlog-filter event names (dm-rules.md §5.2).
 *
 * The names a filter rule may list, their classes, and which of them DM's
 * DDL classifier actually produces: the rest exist for TiCDC, and a DM rule
 * listing only those never matches (lint reports it).
 */
#include <string.h>
#include <strings.h>

#include "rules/rules_internal.h"

typedef struct event_info {
    const char *name;
    uint8_t cls;
    uint8_t produced; /* DM's classifier can return it */
} event_info;

static const event_info events[BS_DMEV_COUNT] = {
    [BS_DMEV_NULL] = {"", BS_DMEC_NULL, 1},
    [BS_DMEV_ALL] = {"all", BS_DMEC_GENERIC, 1},
    [BS_DMEV_ALL_DML] = {"all dml", BS_DMEC_GENERIC, 1},
    [BS_DMEV_ALL_DDL] = {"all ddl", BS_DMEC_GENERIC, 1},
    [BS_DMEV_NONE] = {"none", BS_DMEC_GENERIC, 1},
    [BS_DMEV_NONE_DML] = {"none dml", BS_DMEC_GENERIC, 1},
    [BS_DMEV_NONE_DDL] = {"none ddl", BS_DMEC_GENERIC, 1},
    [BS_DMEV_INCOMPATIBLE_DDL_CHANGES] = {"incompatible ddl changes", BS_DMEC_GENERIC, 1},
    [BS_DMEV_INSERT] = {"insert", BS_DMEC_DML, 1},
    [BS_DMEV_UPDATE] = {"update", BS_DMEC_DML, 1},
    [BS_DMEV_DELETE] = {"delete", BS_DMEC_DML, 1},
    [BS_DMEV_CREATE_DATABASE] = {"create database", BS_DMEC_DDL, 1},
    [BS_DMEV_ALTER_DATABASE] = {"alter database", BS_DMEC_DDL, 1},
    [BS_DMEV_CREATE_TABLE] = {"create table", BS_DMEC_DDL, 1},
    [BS_DMEV_CREATE_INDEX] = {"create index", BS_DMEC_DDL, 1},
    [BS_DMEV_CREATE_VIEW] = {"create view", BS_DMEC_DDL, 1},
    [BS_DMEV_DROP_VIEW] = {"drop view", BS_DMEC_DDL, 1},
    [BS_DMEV_ALTER_TABLE] = {"alter table", BS_DMEC_DDL, 1},
    [BS_DMEV_ADD_TABLE_PARTITION] = {"add table partition", BS_DMEC_DDL, 0},
    [BS_DMEV_DROP_DATABASE] = {"drop database", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_DROP_TABLE] = {"drop table", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_TRUNCATE_TABLE] = {"truncate table", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_RENAME_TABLE] = {"rename table", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_DROP_INDEX] = {"drop index", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_DROP_TABLE_PARTITION] = {"drop table partition", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_TRUNCATE_TABLE_PARTITION] = {"truncate table partition", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_ADD_FOREIGN_KEY] = {"add foreign key", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_DROP_FOREIGN_KEY] = {"drop foreign key", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_VALUE_RANGE_DECREASE] = {"value range decrease", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_PRECISION_DECREASE] = {"precision decrease", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_COLUMN] = {"modify column", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_RENAME_COLUMN] = {"rename column", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_RENAME_INDEX] = {"rename index", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_DROP_COLUMN] = {"drop column", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_DROP_PRIMARY_KEY] = {"drop primary key", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_DROP_UNIQUE_KEY] = {"drop unique key", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_DEFAULT_VALUE] = {"modify default value", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_CONSTRAINT] = {"modify constraint", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_COLUMNS_ORDER] = {"modify columns order", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_CHARSET] = {"modify charset", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_COLLATION] = {"modify collation", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_REMOVE_AUTO_INCREMENT] = {"remove auto increment", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_STORAGE_ENGINE] = {"modify storage engine", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_REORGANIZE_TABLE_PARTITION] = {"reorganize table partition", BS_DMEC_INCOMPATIBLE_DDL,
                                            1},
    [BS_DMEV_REBUILD_TABLE_PARTITION] = {"rebuild table partition", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_COALESCE_TABLE_PARTITION] = {"coalesce table partition", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_SPLIT_TABLE_PARTITION] = {"split table partition", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_EXCHANGE_TABLE_PARTITION] = {"exchange table partition", BS_DMEC_INCOMPATIBLE_DDL, 1},
    [BS_DMEV_MODIFY_SCHEMA_CHARSET_AND_COLLATE] = {"modify schema charset and collate",
                                                   BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_MODIFY_TABLE_CHARSET_AND_COLLATE] = {"modify table charset and collate",
                                                  BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_MODIFY_TABLE_COMMENT] = {"modify table comment", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_RECOVER_TABLE] = {"recover table", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_ALTER_TABLE_PARTITIONING] = {"alter table partitioning", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_REMOVE_TABLE_PARTITIONING] = {"remove table partitioning", BS_DMEC_INCOMPATIBLE_DDL,
                                           0},
    [BS_DMEV_ADD_COLUMN] = {"add column", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_SET_DEFAULT_VALUE] = {"set default value", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_REBASE_AUTO_ID] = {"rebase auto id", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_ADD_PRIMARY_KEY] = {"add primary key", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_ALTER_INDEX_VISIBILITY] = {"alter index visibility", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_ALTER_TTL_INFO] = {"alter ttl info", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_ALTER_TTL_REMOVE] = {"alter ttl remove", BS_DMEC_INCOMPATIBLE_DDL, 0},
    [BS_DMEV_MULTI_SCHEMA_CHANGE] = {"multi schema change", BS_DMEC_INCOMPATIBLE_DDL, 0},
};

static const struct {
    const char *alias;
    int ev;
} aliases[] = {
    {"create schema", BS_DMEV_CREATE_DATABASE},
    {"alter schema", BS_DMEV_ALTER_DATABASE},
    {"drop schema", BS_DMEV_DROP_DATABASE},
};

const char *bs_rules_event_name(int ev)
{
    return ev >= 0 && ev < BS_DMEV_COUNT ? events[ev].name : "?";
}

int bs_rules_event_from_name(const char *name, size_t len)
{
    for (int ev = 0; ev < BS_DMEV_COUNT; ev++)
        if (strlen(events[ev].name) == len && strncasecmp(events[ev].name, name, len) == 0)
            return ev;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strlen(aliases[i].alias) == len && strncasecmp(aliases[i].alias, name, len) == 0)
            return aliases[i].ev;
    return -1;
}

int bs_rules_event_class(int ev)
{
    return ev >= 0 && ev < BS_DMEV_COUNT ? events[ev].cls : -1;
}

int bs_rules_event_dm_produces(int ev)
{
    return ev >= 0 && ev < BS_DMEV_COUNT && events[ev].produced;
}
