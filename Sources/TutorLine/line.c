#include "TutorLine.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <editline/readline.h>

static volatile sig_atomic_t interrupted = 0;
static int keys = 0;
static int last_key = -1;
static int bracketed = 0;
static int in_paste = 0;

/* Bytes read while looking for a paste marker that turned out to be something else (an arrow
   key's escape sequence): handed to libedit one by one before anything new is read. */
static unsigned char pending[8];
static int pending_count = 0;
static int pending_next = 0;

static void on_interrupt(int signal_number) {
    (void)signal_number;
    interrupted = 1;
}

/* One byte from standard input; -1 at end of input or when Ctrl-C interrupted the wait. */
static int read_byte(void) {
    unsigned char byte;
    for (;;) {
        ssize_t count = read(STDIN_FILENO, &byte, 1);
        if (count == 1) return byte;
        if (count < 0 && errno == EINTR) {
            if (interrupted) return -1;
            continue;
        }
        return -1;
    }
}

/* Whether another byte arrives within 50 ms: the rest of an escape sequence does, a lone
   Escape key does not. */
static int more_soon(void) {
    struct pollfd descriptor = { .fd = STDIN_FILENO, .events = POLLIN };
    return poll(&descriptor, 1, 50) > 0;
}

static int next_key(FILE *stream) {
    (void)stream;
    if (pending_next < pending_count) return pending[pending_next++];
    for (;;) {
        int byte = read_byte();
        if (byte < 0) return -1;
        if (byte == 0x1b && bracketed) {
            /* ESC [ 2 0 0 ~ starts a paste, ESC [ 2 0 1 ~ ends it. */
            static const char start[] = "[200~", end[] = "[201~";
            pending_count = 0;
            pending_next = 0;
            int matches_start = 1, matches_end = 1;
            while ((matches_start || matches_end) && pending_count < 5 && more_soon()) {
                int next = read_byte();
                if (next < 0) break;
                pending[pending_count] = (unsigned char)next;
                matches_start = matches_start && next == start[pending_count];
                matches_end = matches_end && next == end[pending_count];
                pending_count++;
            }
            if (pending_count == 5 && (matches_start || matches_end)) {
                in_paste = matches_start;
                pending_count = 0;
                continue;
            }
            keys++;
            last_key = byte;
            return byte;
        }
        keys++;
        if (in_paste && (byte == '\t' || byte == '\r' || byte == '\n')) byte = ' ';
        last_key = byte;
        return byte;
    }
}

void tutor_line_install(int bracketed_paste) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    /* No SA_RESTART: the interrupted read returns, so readline() gives the line up. */
    action.sa_flags = 0;
    sigaction(SIGINT, &action, NULL);
    /* A parent may have started the tutor with signals blocked (some test runners and service
       managers do): Ctrl-C and window changes must still arrive. */
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
    rl_getc_function = next_key;
    bracketed = bracketed_paste;
}

char *tutor_line_read(const char *prompt) {
    interrupted = 0;
    keys = 0;
    last_key = -1;
    in_paste = 0;
    pending_count = 0;
    pending_next = 0;
    if (bracketed) {
        fputs("\033[?2004h", stdout);
        fflush(stdout);
    }
    char *line = readline(prompt);
    if (bracketed) {
        fputs("\033[?2004l", stdout);
        fflush(stdout);
    }
    return line;
}

int tutor_line_interrupted(void) { return interrupted != 0; }

int tutor_line_keys(void) { return keys; }

int tutor_line_last_key(void) { return last_key; }
