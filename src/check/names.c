/*
 * names.c - words for the check's enums: step, verdict and statement names
 * as the reports print them. Steps of the rule engine keep the rule engine's
 * names; only the replay's own steps are named here.
 */
#include "binsift/check.h"

const char *bs_check_step_name(int step)
{
    switch (step) {
    case BS_STEP_BEFORE_START: return "before start";
    case BS_STEP_STATEMENT_DML: return "statement-format DML";
    case BS_STEP_NOT_DDL: return "not a DDL";
    case BS_STEP_TRACKER: return "schema tracker";
    case BS_STEP_DECODE: return "decode";
    case BS_STEP_KEYS: return "key collision";
    default: return bs_rules_step_name(step);
    }
}

const char *bs_check_verdict_name(int verdict)
{
    switch (verdict) {
    case BS_VERDICT_MIGRATED: return "migrated";
    case BS_VERDICT_DROPPED: return "dropped";
    case BS_VERDICT_CONFLICT: return "conflict";
    default: return "";
    }
}

const char *bs_check_statement_name(int statement)
{
    switch (statement) {
    case BS_CHECK_STMT_INSERT: return "INSERT";
    case BS_CHECK_STMT_REPLACE: return "REPLACE";
    case BS_CHECK_STMT_UPDATE: return "UPDATE";
    case BS_CHECK_STMT_DELETE_REPLACE: return "DELETE + REPLACE";
    case BS_CHECK_STMT_DELETE: return "DELETE";
    case BS_CHECK_STMT_DDL: return "DDL";
    default: return "";
    }
}
