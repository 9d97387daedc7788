/*
 * expr_collation.c - string comparison and LIKE under TiDB's collations.
 *
 * DM evaluates filters inside TiDB's libraries with the new collation
 * framework on: pkg/util/collate sets newCollationEnabled = 1 in its init()
 * and nothing in DM turns it off (only tests call
 * SetNewCollationEnabledForTest). So the collator of a comparison is
 * GetCollator(name): binary compares bytes; latin1_bin/ascii_bin/utf8_bin/
 * utf8mb4_bin compare bytes after dropping trailing spaces (PAD SPACE);
 * utf8mb4_0900_bin compares bytes as they are; *_general_ci and
 * *_unicode_ci compare per character weights after dropping trailing spaces.
 * A collation TiDB has no collator for (latin1_swedish_ci, MariaDB's uca1400
 * ones, ...) falls back to utf8mb4_bin, exactly as GetCollator does. TiDB
 * collations binsift does not implement (utf8mb4_0900_ai_ci, gbk, gb18030)
 * are XCK_UNSUPPORTED and rejected when an expression would compare with
 * them.
 *
 * Quirk kept from TiDB's compareCommon: in the _ci collations a byte that is
 * not valid UTF-8 ends the comparison with "equal".
 *
 * LIKE: binary and the 8-bit _bin collations match bytes ('_' is one byte);
 * the UTF-8 ones match characters, the _ci ones by equal weight. Trailing
 * spaces count in LIKE.
 */
#include <string.h>
#include <strings.h>

#include "rules/expr_internal.h"

static const xcoll colls[] = {
    {8, XCS_LATIN1, XCK_UTF8_BIN, "latin1_swedish_ci"},
    {11, XCS_ASCII, XCK_UTF8_BIN, "ascii_general_ci"},
    {28, XCS_OTHER, XCK_UNSUPPORTED, "gbk_chinese_ci"},
    {33, XCS_UTF8, XCK_GENERAL_CI, "utf8_general_ci"},
    {45, XCS_UTF8MB4, XCK_GENERAL_CI, "utf8mb4_general_ci"},
    {46, XCS_UTF8MB4, XCK_UTF8_BIN, "utf8mb4_bin"},
    {47, XCS_LATIN1, XCK_BIN_PAD, "latin1_bin"},
    {48, XCS_LATIN1, XCK_UTF8_BIN, "latin1_general_ci"},
    {63, XCS_BINARY, XCK_BINARY, "binary"},
    {65, XCS_ASCII, XCK_BIN_PAD, "ascii_bin"},
    {76, XCS_UTF8, XCK_UTF8_BIN, "utf8_tolower_ci"},
    {83, XCS_UTF8, XCK_UTF8_BIN, "utf8_bin"},
    {87, XCS_OTHER, XCK_UNSUPPORTED, "gbk_bin"},
    {192, XCS_UTF8, XCK_UNICODE_CI, "utf8_unicode_ci"},
    {224, XCS_UTF8MB4, XCK_UNICODE_CI, "utf8mb4_unicode_ci"},
    {246, XCS_UTF8MB4, XCK_UTF8_BIN, "utf8mb4_unicode_520_ci"},
    {248, XCS_OTHER, XCK_UNSUPPORTED, "gb18030_chinese_ci"},
    {249, XCS_OTHER, XCK_UNSUPPORTED, "gb18030_bin"},
    {255, XCS_UTF8MB4, XCK_UNSUPPORTED, "utf8mb4_0900_ai_ci"},
    {278, XCS_UTF8MB4, XCK_UTF8_BIN, "utf8mb4_0900_as_cs"},
    {309, XCS_UTF8MB4, XCK_UTF8_NOPAD_BIN, "utf8mb4_0900_bin"},
};

const xcoll *xcoll_get(uint16_t id)
{
    for (size_t i = 0; i < sizeof colls / sizeof colls[0]; i++)
        if (colls[i].id == id) return &colls[i];
    return NULL;
}

int xcoll_kind(uint16_t id)
{
    const xcoll *c = xcoll_get(id);
    return c ? c->kind : XCK_UTF8_BIN;
}

int xcoll_cs(uint16_t id)
{
    const xcoll *c = xcoll_get(id);
    if (c) return c->cs;
    /* MariaDB's utf8mb4 uca1400 collations and other unknown ids */
    return XCS_UTF8MB4;
}

bool xcoll_is_bin(uint16_t id)
{
    return id == XCOLL_ASCII_BIN || id == XCOLL_LATIN1_BIN || id == XCOLL_UTF8_BIN ||
           id == XCOLL_UTF8MB4_BIN;
}

uint16_t xcoll_default_of_cs(int cs)
{
    switch (cs) {
    case XCS_BINARY: return XCOLL_BINARY;
    case XCS_UTF8: return XCOLL_UTF8_BIN;
    case XCS_LATIN1: return XCOLL_LATIN1_BIN;
    case XCS_ASCII: return XCOLL_ASCII_BIN;
    default: return XCOLL_UTF8MB4_BIN;
    }
}

uint16_t bs_rules_expr_collation_id(const char *name)
{
    if (!name) return 0;
    for (size_t i = 0; i < sizeof colls / sizeof colls[0]; i++)
        if (!strcasecmp(colls[i].name, name)) return colls[i].id;
    if (!strcasecmp(name, "utf8mb3_bin")) return XCOLL_UTF8_BIN;
    if (!strcasecmp(name, "utf8mb3_general_ci")) return XCOLL_UTF8_GENERAL_CI;
    if (!strcasecmp(name, "utf8mb3_unicode_ci")) return XCOLL_UTF8_UNICODE_CI;
    return 0;
}

const char *bs_rules_expr_collation_name(uint16_t id)
{
    const xcoll *c = xcoll_get(id);
    return c ? c->name : NULL;
}

/* ---- UTF-8 ---- */

size_t xutf8_decode(const char *s, size_t n, uint32_t *r)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0) {
        *r = 0xFFFD;
        return 0;
    }
    unsigned char c = u[0];
    if (c < 0x80) {
        *r = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, v = c & 0x07, min = 0x10000;
    else
        goto bad;
    if (n < len) goto bad;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) goto bad;
        v = v << 6 | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) goto bad;
    *r = v;
    return len;
bad:
    *r = 0xFFFD;
    return 1;
}

/* Like xutf8_decode, but says whether the byte was invalid. */
static size_t decode_checked(const char *s, size_t n, uint32_t *r, bool *invalid)
{
    size_t w = xutf8_decode(s, n, r);
    *invalid = *r == 0xFFFD && w == 1; /* a real U+FFFD is three bytes */
    return w;
}

size_t xutf8_encode(uint32_t r, char *out)
{
    if (r < 0x80) {
        out[0] = (char)r;
        return 1;
    }
    if (r < 0x800) {
        out[0] = (char)(0xC0 | r >> 6);
        out[1] = (char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        out[0] = (char)(0xE0 | r >> 12);
        out[1] = (char)(0x80 | (r >> 6 & 0x3F));
        out[2] = (char)(0x80 | (r & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | r >> 18);
    out[1] = (char)(0x80 | (r >> 12 & 0x3F));
    out[2] = (char)(0x80 | (r >> 6 & 0x3F));
    out[3] = (char)(0x80 | (r & 0x3F));
    return 4;
}

size_t xutf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        uint32_t r;
        i += xutf8_decode(s + i, n - i, &r);
        count++;
    }
    return count;
}

/* ---- comparison ---- */

static size_t trim_spaces(const char *s, size_t n)
{
    while (n && s[n - 1] == ' ')
        n--;
    return n;
}

static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t n = an < bn ? an : bn;
    int c = memcmp(a, b, n);
    if (c) return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn;
}

static int general_ci_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t ai = 0, bi = 0;
    while (ai < an && bi < bn) {
        uint32_t ra, rb;
        bool ia, ib;
        ai += decode_checked(a + ai, an - ai, &ra, &ia);
        bi += decode_checked(b + bi, bn - bi, &rb, &ib);
        if (ia || ib) return 0;
        uint16_t wa = xcoll_general_ci_weight(ra), wb = xcoll_general_ci_weight(rb);
        if (wa != wb) return wa < wb ? -1 : 1;
    }
    size_t ra = an - ai, rb = bn - bi;
    return ra < rb ? -1 : ra > rb;
}

/* A stream of unicode_ci weights over a string. */
typedef struct wstream {
    const char *s;
    size_t n, i;
    uint16_t w[18];
    unsigned nw, k;
    bool invalid;
} wstream;

/* Next weight, or -1 at the end. */
static int32_t wnext(wstream *ws)
{
    while (ws->k == ws->nw) {
        if (ws->i >= ws->n) return -1;
        uint32_t r;
        bool inv;
        ws->i += decode_checked(ws->s + ws->i, ws->n - ws->i, &r, &inv);
        if (inv) {
            ws->invalid = true;
            return -1;
        }
        ws->nw = xcoll_unicode_ci_weights(r, ws->w);
        ws->k = 0;
    }
    return ws->w[ws->k++];
}

static int unicode_ci_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    wstream x = {a, an, 0, {0}, 0, 0, false}, y = {b, bn, 0, {0}, 0, 0, false};
    for (;;) {
        int32_t wa = wnext(&x), wb = wnext(&y);
        if (x.invalid || y.invalid) return 0;
        if (wa != wb) return wa < wb ? -1 : 1;
        if (wa < 0) return 0;
    }
}

int xcoll_cmp(int kind, const char *a, size_t an, const char *b, size_t bn)
{
    switch (kind) {
    case XCK_BINARY:
    case XCK_UTF8_NOPAD_BIN: return bytes_cmp(a, an, b, bn);
    case XCK_GENERAL_CI: return general_ci_cmp(a, trim_spaces(a, an), b, trim_spaces(b, bn));
    case XCK_UNICODE_CI: return unicode_ci_cmp(a, trim_spaces(a, an), b, trim_spaces(b, bn));
    default: return bytes_cmp(a, trim_spaces(a, an), b, trim_spaces(b, bn));
    }
}

/* ---- LIKE ---- */

static bool like_by_bytes(int kind)
{
    return kind == XCK_BINARY || kind == XCK_BIN_PAD;
}

/* One pattern/text unit: a byte or a character. */
static size_t unit(int kind, const char *s, size_t n, uint32_t *r)
{
    if (like_by_bytes(kind)) {
        *r = (unsigned char)s[0];
        return 1;
    }
    return xutf8_decode(s, n, r);
}

static bool unit_eq(int kind, uint32_t a, uint32_t b)
{
    if (a == b) return true;
    if (kind == XCK_GENERAL_CI) return xcoll_general_ci_weight(a) == xcoll_general_ci_weight(b);
    if (kind == XCK_UNICODE_CI) {
        uint16_t wa[18], wb[18];
        unsigned na = xcoll_unicode_ci_weights(a, wa), nb = xcoll_unicode_ci_weights(b, wb);
        return na == nb && !memcmp(wa, wb, sizeof wa[0] * na);
    }
    return false;
}

bool xcoll_like(int kind, const char *s, size_t sn, const char *pat, size_t pn, int escape)
{
    size_t si = 0, pi = 0;
    size_t star_p = SIZE_MAX, star_s = 0;
    while (si < sn) {
        if (pi < pn) {
            uint32_t pc;
            size_t pw = unit(kind, pat + pi, pn - pi, &pc);
            if (pc == '%') {
                star_p = pi + pw;
                star_s = si;
                pi += pw;
                continue;
            }
            uint32_t sc;
            size_t sw = unit(kind, s + si, sn - si, &sc);
            if (pc == '_') {
                pi += pw;
                si += sw;
                continue;
            }
            if (escape >= 0 && pc == (uint32_t)escape && pi + pw < pn) {
                pi += pw;
                pw = unit(kind, pat + pi, pn - pi, &pc);
            }
            if (unit_eq(kind, pc, sc)) {
                pi += pw;
                si += sw;
                continue;
            }
        }
        if (star_p == SIZE_MAX) return false;
        /* let the last % swallow one more unit */
        uint32_t sc;
        star_s += unit(kind, s + star_s, sn - star_s, &sc);
        si = star_s;
        pi = star_p;
    }
    while (pi < pn) {
        uint32_t pc;
        size_t pw = unit(kind, pat + pi, pn - pi, &pc);
        if (pc != '%') return false;
        pi += pw;
    }
    return true;
}

/* ---- LOCATE/INSTR ---- */

/* Does needle match hay at byte i (unit by unit under the collation)? */
static bool match_at(int kind, const char *hay, size_t hn, size_t i, const char *needle, size_t nn)
{
    size_t j = 0;
    while (j < nn) {
        if (i >= hn) return false;
        uint32_t a, b;
        size_t wa = unit(kind, hay + i, hn - i, &a), wb = unit(kind, needle + j, nn - j, &b);
        if (!unit_eq(kind, a, b)) return false;
        i += wa;
        j += wb;
    }
    return true;
}

int64_t xcoll_locate(int kind, const char *hay, size_t hn, const char *needle, size_t nn,
                     int64_t from)
{
    if (from < 1) return 0;
    /* walk to the starting unit */
    size_t i = 0;
    int64_t pos = 1;
    while (pos < from && i < hn) {
        uint32_t r;
        i += unit(kind, hay + i, hn - i, &r);
        pos++;
    }
    if (pos < from) return 0;
    if (nn == 0) return pos;
    bool exact = kind != XCK_GENERAL_CI && kind != XCK_UNICODE_CI;
    for (; i < hn; pos++) {
        if (exact ? (hn - i >= nn && !memcmp(hay + i, needle, nn))
                  : match_at(kind, hay, hn, i, needle, nn))
            return pos;
        uint32_t r;
        i += unit(kind, hay + i, hn - i, &r);
    }
    return 0;
}
