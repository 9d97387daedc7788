/*
 * binsift/gtid.h - GTID sets as a DM task's meta `binlog-gtid` gives them,
 * to start a replay where DM would.
 *
 * With `enable-gtid: true` DM asks the server for every transaction NOT
 * contained in the meta's set. binsift replays files instead, so it parses
 * the set and asks, for each transaction's GTID, whether the set contains it
 * (the transaction is then before the start and skipped).
 *
 * A set has one flavor:
 * - MySQL: per source UUID (and, from MySQL 8.3, per tag) a list of GNO
 *   intervals, "uuid:1-5:7,uuid2:tag:1-3"; a GTID is contained when its GNO
 *   lies in one of the intervals of its UUID and tag.
 * - MariaDB: one position per replication domain, "0-1-100,1-2-50"; a GTID
 *   is contained when the set has its domain and its sequence number is at
 *   or below the set's (the replica resumes after that position; the server
 *   id plays no part).
 *
 * The parser accepts what DM accepts (go-mysql's ParseMysqlGTIDSet /
 * ParseMariadbGTIDSet, DM's "uuid:0" and "x-y-0" meaning "from the start")
 * and rejects what the server would then refuse (GNO 0, two positions in one
 * MariaDB domain). The contains functions neither allocate nor fail: they
 * run once per transaction.
 */
#ifndef BINSIFT_GTID_H
#define BINSIFT_GTID_H

#include <stddef.h>
#include <stdint.h>

#include "binsift/buf.h"
#include "binsift/error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum bs_gtid_flavor { BS_GTID_MYSQL = 1, BS_GTID_MARIADB = 2 };

typedef struct bs_gtid_set bs_gtid_set;

/* Parse text[0..len) (no NUL needed). flavor is a bs_gtid_flavor, or 0 to
 * guess from the text: only digits, '-' and ',' mean MariaDB, anything else
 * (a UUID) MySQL; "" is an empty MySQL set. On success *out is a new set the
 * caller frees. Errors: BS_EINVAL with the offending piece and its byte
 * offset in the message (err->offset holds the offset too); BS_ENOMEM. */
int bs_check_gtid_set_parse(const char *text, size_t len, int flavor, bs_gtid_set **out,
                            bs_error *err);
void bs_check_gtid_set_free(bs_gtid_set *s);

/* An empty set of the given flavor (to collect GTIDs with the add calls). */
int bs_check_gtid_set_new(int flavor, bs_gtid_set **out);

int bs_check_gtid_set_flavor(const bs_gtid_set *s);

/* MySQL: is sid(:tag):gno in the set? tag may be NULL or empty (untagged);
 * tags compare case-insensitively, as MySQL normalises them to lower case.
 * Always 0 for a MariaDB set. */
int bs_check_gtid_set_contains_mysql(const bs_gtid_set *s, const uint8_t sid[16], const char *tag,
                                     size_t tag_len, int64_t gno);

/* MariaDB: does the set's position in this domain cover seq (seq <= the
 * set's)? A domain the set does not list: 0. Always 0 for a MySQL set. */
int bs_check_gtid_set_contains_maria(const bs_gtid_set *s, uint32_t domain, uint32_t server,
                                     uint64_t seq);

/* Add one GTID (a replayed transaction, to describe where the replay
 * stopped). MySQL: gno in 1..2^63-2 and a valid tag, else BS_EINVAL.
 * MariaDB: the GTID becomes its domain's position. BS_EINVAL for a set of
 * the other flavor; BS_ENOMEM. */
int bs_check_gtid_set_add_mysql(bs_gtid_set *s, const uint8_t sid[16], const char *tag,
                                size_t tag_len, int64_t gno);
int bs_check_gtid_set_add_maria(bs_gtid_set *s, uint32_t domain, uint32_t server, uint64_t seq);

/* Canonical text, appended to out. MySQL: UUIDs in byte order, lower-case,
 * each once with its untagged intervals, then its tags in order, intervals
 * merged ("uuid:1-5:7:tag:1-3,uuid2:1"). MariaDB: positions by domain
 * ("0-1-100,1-2-50"). An empty set is "". */
int bs_check_gtid_set_text(const bs_gtid_set *s, bs_buf *out);

/* One GTID as text, appended to out: "3e11fa47-71ca-11e1-9e33-c80aa9429562:23",
 * with a tag "uuid:tag:23"; MariaDB "0-1-100". */
int bs_check_gtid_text_mysql(const uint8_t sid[16], const char *tag, size_t tag_len, int64_t gno,
                             bs_buf *out);
int bs_check_gtid_text_maria(uint32_t domain, uint32_t server, uint64_t seq, bs_buf *out);

#ifdef __cplusplus
}
#endif
#endif
