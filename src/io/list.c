/*
 * list.c - turning command-line paths into an ordered list of binlog files.
 *
 * A directory is read the way the server reads it: through its *.index file
 * (one binlog name per line, relative to the directory or absolute), else by
 * listing the files that start with the binlog magic (or are gzipped) and
 * sorting them with a numeric-aware comparison, so that mysql-bin.999999
 * comes before mysql-bin.1000000. Several index files in one directory are
 * ambiguous and rejected rather than guessed.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binsift/io.h"
#include "util/error_internal.h"

struct bs_io_list {
    char **paths;
    uint64_t *sizes;
    const void **mem; /* per member: in-memory image, or NULL for a path */
    size_t n, cap;
};

static int list_grow(bs_io_list *l)
{
    size_t cap = l->cap ? l->cap * 2 : 16;
    char **p = realloc(l->paths, cap * sizeof *p);
    if (!p) return BS_ENOMEM;
    l->paths = p;
    uint64_t *s = realloc(l->sizes, cap * sizeof *s);
    if (!s) return BS_ENOMEM;
    l->sizes = s;
    const void **m = realloc(l->mem, cap * sizeof *m);
    if (!m) return BS_ENOMEM;
    l->mem = m;
    l->cap = cap;
    return 0;
}

static int list_add(bs_io_list *l, const char *path, uint64_t size, bs_error *err)
{
    if ((l->n == l->cap && list_grow(l)) || !(l->paths[l->n] = strdup(path)))
        return bs_error_set(err, BS_ENOMEM, path, BS_NO_OFFSET, "out of memory");
    l->sizes[l->n] = size;
    l->mem[l->n++] = NULL;
    return 0;
}

int bs_io_list_new(bs_io_list **out, bs_error *err)
{
    if (!(*out = calloc(1, sizeof **out)))
        return bs_error_set(err, BS_ENOMEM, NULL, BS_NO_OFFSET, "out of memory");
    return 0;
}

int bs_io_list_add_memory(bs_io_list *l, const char *name, const void *data, size_t len,
                          bs_error *err)
{
    int rc = list_add(l, name, len, err);
    if (rc == 0) l->mem[l->n - 1] = data;
    return rc;
}

int bs_io_list_open(const bs_io_list *l, size_t i, bs_io_stream **out, bs_error *err)
{
    if (i >= l->n) return bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "no member %zu", i);
    if (l->mem[i]) return bs_io_stream_open_memory(l->paths[i], l->mem[i], l->sizes[i], out, err);
    return bs_io_stream_open(l->paths[i], out, err);
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    size_t n = a;
    if (a && dir[a - 1] != '/') p[n++] = '/';
    memcpy(p + n, name, b + 1);
    return p;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* strcmp, except that runs of digits compare by numeric value. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la]))
                la++;
            while (isdigit((unsigned char)b[lb]))
                lb++;
            if (la != lb) return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c) return c;
            a += la;
            b += lb;
        } else {
            if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static int cmp_names(const void *x, const void *y)
{
    return natural_cmp(*(char *const *)x, *(char *const *)y);
}

/* Does the file start with the binlog magic or the gzip magic? */
static int looks_like_binlog(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    uint8_t m[4];
    ssize_t n = read(fd, m, 4);
    close(fd);
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) return 1;
    return n == 4 && m[0] == 0xfe && m[1] == 'b' && m[2] == 'i' && m[3] == 'n';
}

static int add_file(bs_io_list *l, const char *path, bs_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return bs_error_set(err, BS_EIO, path, BS_NO_OFFSET, "cannot open: %s", strerror(errno));
    return list_add(l, path, (uint64_t)st.st_size, err);
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = 0;
}

/* Add the files an index lists. Absolute names that do not exist (the index
 * was copied from another machine) fall back to the directory. */
static int add_from_index(bs_io_list *l, const char *dir, const char *index, bs_error *err)
{
    FILE *f = fopen(index, "r");
    if (!f)
        return bs_error_set(err, BS_EIO, index, BS_NO_OFFSET, "cannot open: %s", strerror(errno));
    char line[4096];
    int rc = 0, lineno = 0, added = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        trim(line);
        if (!line[0]) continue;
        const char *base = strrchr(line, '/') ? strrchr(line, '/') + 1 : line;
        char *path = line[0] == '/' && access(line, R_OK) == 0 ? strdup(line) : join(dir, base);
        if (!path) {
            rc = bs_error_set(err, BS_ENOMEM, index, BS_NO_OFFSET, "out of memory");
            break;
        }
        rc = add_file(l, path, err);
        if (rc) {
            err->line = lineno;
            snprintf(err->message, sizeof err->message, "index %s lists %s, which cannot be opened",
                     index, path);
        }
        free(path);
        added++;
    }
    fclose(f);
    if (rc == 0 && added == 0)
        rc = bs_error_set(err, BS_EIO, index, BS_NO_OFFSET, "index file lists no binlog files");
    return rc;
}

static int add_directory(bs_io_list *l, const char *dir, bs_error *err)
{
    DIR *d = opendir(dir);
    if (!d) return bs_error_set(err, BS_EIO, dir, BS_NO_OFFSET, "cannot open: %s", strerror(errno));
    char **names = NULL, *index = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path = join(dir, e->d_name);
        if (!path) {
            rc = bs_error_set(err, BS_ENOMEM, dir, BS_NO_OFFSET, "out of memory");
            break;
        }
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
        } else if (ends_with(e->d_name, ".index")) {
            if (index) {
                rc = bs_error_set(err, BS_EINVAL, dir, BS_NO_OFFSET,
                                  "several index files (%s, %s): name the binlog files instead",
                                  index, path);
                free(path);
            } else {
                index = path;
            }
        } else if (!looks_like_binlog(path)) {
            free(path);
        } else {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                char **p = realloc(names, cap * sizeof *p);
                if (!p) {
                    free(path);
                    rc = bs_error_set(err, BS_ENOMEM, dir, BS_NO_OFFSET, "out of memory");
                    break;
                }
                names = p;
            }
            names[n++] = path;
        }
    }
    closedir(d);
    if (rc == 0 && index) {
        rc = add_from_index(l, dir, index, err);
    } else if (rc == 0) {
        if (n) qsort(names, n, sizeof *names, cmp_names); /* names is NULL when n is 0 */
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = add_file(l, names[i], err);
        if (rc == 0 && n == 0)
            rc = bs_error_set(err, BS_EIO, dir, BS_NO_OFFSET, "directory holds no binlog files");
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(index);
    return rc;
}

int bs_io_list_resolve(const char *const *paths, size_t npaths, bs_io_list **out, bs_error *err)
{
    bs_io_list *l;
    int rc = bs_io_list_new(&l, err);
    if (rc) return rc;
    for (size_t i = 0; rc == 0 && i < npaths; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") == 0)
            rc = list_add(l, "-", 0, err);
        else if (stat(paths[i], &st) != 0)
            rc = bs_error_set(err, BS_EIO, paths[i], BS_NO_OFFSET, "cannot open: %s",
                              strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = add_directory(l, paths[i], err);
        else
            rc = list_add(l, paths[i], (uint64_t)st.st_size, err);
    }
    if (rc == 0 && l->n == 0)
        rc = bs_error_set(err, BS_EINVAL, NULL, BS_NO_OFFSET, "no input files");
    if (rc) {
        bs_io_list_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

size_t bs_io_list_count(const bs_io_list *l)
{
    return l->n;
}
const char *bs_io_list_path(const bs_io_list *l, size_t i)
{
    return i < l->n ? l->paths[i] : NULL;
}

uint64_t bs_io_list_total_bytes(const bs_io_list *l)
{
    uint64_t t = 0;
    for (size_t i = 0; i < l->n; i++)
        t += l->sizes[i];
    return t;
}

void bs_io_list_free(bs_io_list *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    free(l->sizes);
    free(l->mem);
    free(l);
}
