#define _GNU_SOURCE
#include "nshm_address.h"
#include "patchbay_transport.h"
#include "../common/pb_error.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int valid_name(const char *name, size_t length) {
    if (length == 0 || length > NSHM_ADDRESS_NAME_MAX || !isalnum((unsigned char) name[0])) {
        return 0;
    }
    for (size_t i = 0; i < length; i++) {
        char c = name[i];
        if (!isalnum((unsigned char) c) && c != '.' && c != '_' && c != '-') {
            return 0;
        }
        if (c == '.' && i + 1 < length && name[i + 1] == '.') {
            return 0;
        }
    }
    return 1;
}

/* Parses the number a parameter value starts with; -1 if there is none. *end is what follows it. */
static long long leading_number(const char *value, size_t length, char *text, size_t size, char **end) {
    if (length == 0 || length >= size) {
        return -1;
    }
    memcpy(text, value, length);
    text[length] = '\0';
    errno = 0;
    long long n = strtoll(text, end, 10);
    return errno != 0 || *end == text || n < 0 ? -1 : n;
}

/* "256k", "1m", "65536" -> bytes; -1 if not a size. */
static int64_t parse_size(const char *value, size_t length) {
    char text[32];
    char *end;
    long long n = leading_number(value, length, text, sizeof text, &end);
    if (n < 0) {
        return -1;
    }
    int64_t unit = 1;
    if (*end == 'k' || *end == 'K') {
        unit = 1 << 10;
        end++;
    } else if (*end == 'm' || *end == 'M') {
        unit = 1 << 20;
        end++;
    } else if (*end == 'g' || *end == 'G') {
        unit = 1 << 30;
        end++;
    }
    if (*end == 'b' || *end == 'B') {
        end++;
    }
    return *end == '\0' && n <= (1LL << 40) / unit ? n * unit : -1;
}

/* "20us", "1ms", "2s"; a bare number is milliseconds, as the host reads durations. -1 if not a duration. */
static int64_t parse_duration(const char *value, size_t length) {
    char text[32];
    char *end;
    long long n = leading_number(value, length, text, sizeof text, &end);
    if (n < 0 || n > 3600LL * 1000000) {
        return -1;
    }
    if (strcmp(end, "us") == 0) {
        return n * 1000;
    }
    if (strcmp(end, "ms") == 0 || *end == '\0') {
        return n * 1000000;
    }
    if (strcmp(end, "s") == 0) {
        return n * 1000000000;
    }
    return -1;
}

int nshm_address_parse(const char *text, nshm_address *out) {
    memset(out, 0, sizeof *out);
    out->capacity = NSHM_DEFAULT_CAPACITY;
    out->spin_ns = NSHM_DEFAULT_SPIN_NS;
    if (text == NULL || strncasecmp(text, "nshm:", 5) != 0) {
        return pb_fail(PB_ERR_ADDRESS, "'%s' is not an nshm address; write nshm:<name>", text ? text : "(null)");
    }
    const char *name = text + 5;
    const char *query = strchr(name, '?');
    size_t name_length = query ? (size_t) (query - name) : strlen(name);
    if (!valid_name(name, name_length)) {
        return pb_fail(PB_ERR_ADDRESS, "address '%s' needs a plain name for nshm: letters, digits, '.', '_', '-',"
                       " starting with a letter or digit, at most %d characters", text, NSHM_ADDRESS_NAME_MAX);
    }
    memcpy(out->name, name, name_length);
    for (const char *p = query ? query + 1 : NULL; p != NULL && *p != '\0';) {
        const char *amp = strchr(p, '&');
        size_t length = amp ? (size_t) (amp - p) : strlen(p);
        const char *eq = memchr(p, '=', length);
        if (eq != NULL) {
            size_t key = (size_t) (eq - p);
            const char *value = eq + 1;
            size_t value_length = length - key - 1;
            if (key == 4 && strncmp(p, "size", 4) == 0) {
                int64_t size = parse_size(value, value_length);
                if (size < 4096 || size > (1LL << 30)) {
                    return pb_fail(PB_ERR_ADDRESS, "address '%s': size must be 4k to 1g bytes per ring", text);
                }
                uint32_t capacity = 4096;
                while (capacity < size) {
                    capacity <<= 1;
                }
                out->capacity = capacity;
            } else if (key == 4 && strncmp(p, "spin", 4) == 0) {
                out->spin_ns = parse_duration(value, value_length);
                if (out->spin_ns < 0) {
                    return pb_fail(PB_ERR_ADDRESS, "address '%s': spin is a duration such as 20us or 1ms", text);
                }
            }
        }
        p = amp ? amp + 1 : NULL;
    }
    return PB_OK;
}
