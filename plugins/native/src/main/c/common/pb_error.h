/*
 * The last error of the calling thread, as one line of text: what pb_last_error() returns. Every failure path
 * sets it and returns its code in one statement: return pb_fail(PB_ERR_IO, "...").
 */
#ifndef PB_ERROR_H
#define PB_ERROR_H

/** The text of the last failure on this thread; "" if none. */
const char *pb_error_text(void);

/** Sets the text (printf format) and returns code. */
int pb_fail(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));

#ifdef _WIN32
/** Sets "<what> failed: error N (description)" for the GetLastError() value err and returns code. */
int pb_fail_win32(int code, unsigned long err, const char *format, ...) __attribute__((format(printf, 3, 4)));
#else
/** Sets "<what> failed: ENAME (description)" for the errno value err and returns code. */
int pb_fail_errno(int code, int err, const char *format, ...) __attribute__((format(printf, 3, 4)));
#endif

#endif
