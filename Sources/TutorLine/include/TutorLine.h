#ifndef TUTOR_LINE_H
#define TUTOR_LINE_H

/* Line reading for the interactive tutor, on top of libedit's readline: Ctrl-C that clears the
   line instead of killing the process, and bracketed paste, so a pasted block is one edit (its
   tabs are not completion and its newlines do not run commands). */

/* Installs the SIGINT handler and the key reader. Call once before the first read. */
void tutor_line_install(int bracketed_paste);

/* Reads one line with `prompt`. Returns NULL at end of input or when Ctrl-C interrupted the
   read (tutor_line_interrupted() tells which); the caller frees the line. */
char *tutor_line_read(const char *prompt);

/* Whether the last read ended with Ctrl-C. */
int tutor_line_interrupted(void);

/* How many keys were typed during the last read, paste included. */
int tutor_line_keys(void);

/* The last key the read took (-1 for none): 4 when Ctrl-D ended it. */
int tutor_line_last_key(void);

#endif
