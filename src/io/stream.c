/*
 * stream.c - sequential byte streams over plain files, gzip files and stdin.
 *
 * Plain files are read with read(2) into the caller's buffer (one copy from
 * the page cache, large sequential reads, readahead hinted with fadvise).
 * Gzip files, recognised by their magic bytes rather than their name, are
 * inflated by zlib's gz* API, which streams: memory does not depend on the
 * file size. Stdin goes through gzdopen so that a gzipped pipe also works
 * (zlib passes non-gzip data through unchanged).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "binsift/io.h"
#include "util/error_internal.h"

struct bs_io_stream {
    char *name;
    int fd;
    gzFile gz;          /* NULL for plain files */
    const uint8_t *mem; /* memory streams: the borrowed image */
    int64_t size;
    uint64_t raw_offset;
};

static int open_fail(bs_error *err, const char *path, const char *what)
{
    return bs_error_set(err, BS_EIO, path, BS_NO_OFFSET, "%s: %s", what, strerror(errno));
}

static int has_gzip_magic(int fd)
{
    uint8_t m[2];
    ssize_t n = pread(fd, m, 2, 0);
    return n == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

int bs_io_stream_open(const char *path, bs_io_stream **out, bs_error *err)
{
    bs_io_stream *s = calloc(1, sizeof *s);
    if (!s || !(s->name = strdup(path))) {
        free(s);
        return bs_error_set(err, BS_ENOMEM, path, BS_NO_OFFSET, "out of memory");
    }
    s->size = -1;
    int is_stdin = strcmp(path, "-") == 0;
    s->fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        int rc = open_fail(err, path, "cannot open");
        bs_io_stream_close(s);
        return rc;
    }
    struct stat st = {0};
    if (!is_stdin && fstat(s->fd, &st) != 0) {
        int rc = open_fail(err, path, "cannot stat");
        bs_io_stream_close(s);
        return rc;
    }
    if (S_ISDIR(st.st_mode)) {
        bs_io_stream_close(s);
        return bs_error_set(err, BS_EIO, path, BS_NO_OFFSET, "is a directory");
    }
    if (is_stdin || has_gzip_magic(s->fd)) {
        s->gz = gzdopen(s->fd, "rb");
        if (!s->gz) {
            bs_io_stream_close(s);
            return bs_error_set(err, BS_ENOMEM, path, BS_NO_OFFSET, "cannot start gzip stream");
        }
        s->fd = -1; /* owned by gz now */
        gzbuffer(s->gz, 256 * 1024);
    } else {
        if (S_ISREG(st.st_mode)) s->size = (int64_t)st.st_size;
        posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    *out = s;
    return 0;
}

int bs_io_stream_open_memory(const char *name, const void *data, size_t len, bs_io_stream **out,
                             bs_error *err)
{
    bs_io_stream *s = calloc(1, sizeof *s);
    if (!s || !(s->name = strdup(name))) {
        free(s);
        return bs_error_set(err, BS_ENOMEM, name, BS_NO_OFFSET, "out of memory");
    }
    s->fd = -1;
    s->mem = data;
    s->size = (int64_t)len;
    *out = s;
    return 0;
}

static ssize_t mem_read(bs_io_stream *s, uint8_t *buf, size_t cap)
{
    size_t left = (size_t)s->size - s->raw_offset, n = cap < left ? cap : left;
    if (n) memcpy(buf, s->mem + s->raw_offset, n);
    s->raw_offset += n;
    return (ssize_t)n;
}

/* zlib prefixes its messages with its own name for the file ("<fd:3>"). */
static const char *gz_message(gzFile gz, int *zerr)
{
    const char *msg = gzerror(gz, zerr), *colon = strstr(msg, ": ");
    return msg[0] == '<' && colon ? colon + 2 : msg;
}

/* Bytes inflated before an error are returned first; the error comes with
 * the next call, so everything decodable is decoded. */
static ssize_t gz_read(bs_io_stream *s, uint8_t *buf, size_t cap, bs_error *err)
{
    size_t done = 0;
    while (done < cap) {
        unsigned chunk = cap - done > (1u << 30) ? 1u << 30 : (unsigned)(cap - done);
        int n = gzread(s->gz, buf + done, chunk);
        int zerr = Z_OK;
        if (n <= 0) gz_message(s->gz, &zerr);
        if (n < 0 || (n == 0 && zerr != Z_OK)) { /* zlib error, or truncated member */
            if (done) break;
            const char *msg = gz_message(s->gz, &zerr);
            return bs_error_set(err, zerr == Z_BUF_ERROR ? BS_ETRUNCATED : BS_EIO, s->name,
                                (uint64_t)gzoffset(s->gz), "gzip: %s", msg);
        }
        if (n == 0) break;
        done += (size_t)n;
    }
    s->raw_offset = (uint64_t)gzoffset(s->gz);
    return (ssize_t)done;
}

ssize_t bs_io_stream_read(bs_io_stream *s, void *buf, size_t cap, bs_error *err)
{
    if (s->gz) return gz_read(s, buf, cap, err);
    if (s->mem) return mem_read(s, buf, cap);
    size_t done = 0;
    while (done < cap) {
        ssize_t n = read(s->fd, (uint8_t *)buf + done, cap - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return bs_error_set(err, BS_EIO, s->name, s->raw_offset + done, "read: %s",
                                strerror(errno));
        }
        if (n == 0) break;
        done += (size_t)n;
    }
    s->raw_offset += done;
    return (ssize_t)done;
}

int bs_io_stream_skip(bs_io_stream *s, uint64_t n, bs_error *err)
{
    if (s->mem) {
        s->raw_offset +=
            n < (uint64_t)s->size - s->raw_offset ? n : (uint64_t)s->size - s->raw_offset;
        return 0;
    }
    if (!s->gz && s->size >= 0) {
        if (lseek(s->fd, (off_t)n, SEEK_CUR) < 0)
            return bs_error_set(err, BS_EIO, s->name, s->raw_offset, "seek: %s", strerror(errno));
        s->raw_offset += n;
        return 0;
    }
    uint8_t scratch[64 * 1024];
    while (n > 0) {
        size_t want = n < sizeof scratch ? (size_t)n : sizeof scratch;
        ssize_t got = bs_io_stream_read(s, scratch, want, err);
        if (got < 0) return (int)got;
        if ((size_t)got < want)
            return bs_error_set(err, BS_ETRUNCATED, s->name, BS_NO_OFFSET,
                                "stream ends before the requested start position");
        n -= (uint64_t)got;
    }
    return 0;
}

int64_t bs_io_stream_size(const bs_io_stream *s)
{
    return s->size;
}
uint64_t bs_io_stream_raw_offset(const bs_io_stream *s)
{
    return s->raw_offset;
}
const char *bs_io_stream_name(const bs_io_stream *s)
{
    return s->name;
}

void bs_io_stream_close(bs_io_stream *s)
{
    if (!s) return;
    if (s->gz) gzclose(s->gz);
    if (s->fd >= 0) close(s->fd);
    free(s->name);
    free(s);
}
