/* The Windows counterpart of pb_fail_errno: system error codes come from GetLastError(), their text from Windows. */
#include "pb_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

int pb_fail_win32(int code, unsigned long err, const char *format, ...) {
    char what[320];
    char text[160];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    DWORD length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err,
                                  MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), text, sizeof text, NULL);
    /* The system's text ends in ".\r\n"; the error line is one line. */
    while (length > 0 && strchr(".\r\n ", text[length - 1]) != NULL) {
        length--;
    }
    text[length] = '\0';
    return pb_fail(code, "%s failed: error %lu (%s)", what, err, length > 0 ? text : "no description");
}
