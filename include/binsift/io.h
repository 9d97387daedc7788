/*
 * binsift/io.h - byte sources: where binlog bytes come from.
 *
 * An input is an ordered list of members, each one binlog file: a plain file,
 * a gzip-compressed file (.gz, streamed through zlib), standard input ("-"),
 * or a binlog image in memory (tests, fuzzing, sources that buffer).
 * A directory expands to its binlog files, in the order of its *.index file
 * when it has one, else by name (numeric-aware, so .999999 < .1000000).
 *
 * A stream is opened per member and read sequentially in large chunks; the io
 * layer knows nothing about event layouts. Live replication streams (a later
 * source kind) present the same interface: a byte stream that starts with the
 * binlog magic.
 */
#ifndef BINSIFT_IO_H
#define BINSIFT_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "binsift/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- input lists ---- */

typedef struct bs_io_list bs_io_list;

/* Resolve paths (files, directories, .gz files, "-") into an ordered member
 * list. Fails on a missing path or an empty directory. */
int bs_io_list_resolve(const char *const *paths, size_t npaths, bs_io_list **out, bs_error *err);
/* An empty list; members are added with bs_io_list_add_memory. */
int bs_io_list_new(bs_io_list **out, bs_error *err);
/* Add an in-memory binlog image as a member named name. data is borrowed and
 * must outlive the list. */
int bs_io_list_add_memory(bs_io_list *list, const char *name, const void *data, size_t len,
                          bs_error *err);
size_t bs_io_list_count(const bs_io_list *list);
const char *bs_io_list_path(const bs_io_list *list, size_t i);
/* Sum of the on-disk sizes of the members (compressed size for .gz), 0 for
 * stdin: used for progress reporting only. */
uint64_t bs_io_list_total_bytes(const bs_io_list *list);
void bs_io_list_free(bs_io_list *list);

/* ---- streams ---- */

typedef struct bs_io_stream bs_io_stream;

/* Open member i of a list. */
int bs_io_list_open(const bs_io_list *list, size_t i, bs_io_stream **out, bs_error *err);
/* Open a path: "-" is stdin; gzip data (by its magic bytes) is inflated. */
int bs_io_stream_open(const char *path, bs_io_stream **out, bs_error *err);
/* A stream over borrowed memory. */
int bs_io_stream_open_memory(const char *name, const void *data, size_t len, bs_io_stream **out,
                             bs_error *err);
/* Read up to cap bytes. Returns bytes read (0 at end of stream) or a negative
 * BS_E* code. Short reads happen only at end of stream. */
ssize_t bs_io_stream_read(bs_io_stream *s, void *buf, size_t cap, bs_error *err);
/* Skip n bytes forward (seek on plain files, read and discard otherwise). */
int bs_io_stream_skip(bs_io_stream *s, uint64_t n, bs_error *err);
/* Decoded size when known in advance (plain files), else -1. */
int64_t bs_io_stream_size(const bs_io_stream *s);
/* Bytes consumed from the underlying file so far (compressed bytes for .gz). */
uint64_t bs_io_stream_raw_offset(const bs_io_stream *s);
const char *bs_io_stream_name(const bs_io_stream *s);
void bs_io_stream_close(bs_io_stream *s);

#ifdef __cplusplus
}
#endif
#endif
