#include <stdio.h>
#include <editline/readline.h>

/* Swift 6 cannot assign C globals directly; these setters and getters do it on its behalf. */
static inline void tutor_set_completion(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}
static inline void tutor_set_completion_over(int value) { rl_attempted_completion_over = value; }
static inline void tutor_set_append_character(int value) { rl_completion_append_character = value; }
static inline void tutor_set_catch_signals(int value) { rl_catch_signals = value; }
static inline void tutor_set_readline_name(const char *name) { rl_readline_name = name; }
static inline const char *tutor_line_buffer(void) { return rl_line_buffer; }
static inline int tutor_point(void) { return rl_point; }
/* The line added to history last, or NULL when history is empty. */
static inline const char *tutor_last_history_line(void) {
    HIST_ENTRY *entry = history_get(history_base + history_length - 1);
    return entry ? entry->line : NULL;
}
