// Without these, <ncurses.h> hides the wide-character API (get_wch, cchar_t, setcchar).
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <poll.h>
#include <ncurses.h>

// Macros do not import into Swift: these wrap the few Quire uses.
static inline attr_t quire_attr_bold(void) { return A_BOLD; }
static inline attr_t quire_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t quire_attr_reverse(void) { return A_REVERSE; }
static inline attr_t quire_attr_dim(void) { return A_DIM; }
static inline int quire_key_code_yes(void) { return KEY_CODE_YES; }
static inline void quire_size(WINDOW *window, int *rows, int *columns) { getmaxyx(window, *rows, *columns); }

// Globals Swift 6 will not read directly (they are shared mutable state to it).
static inline WINDOW *quire_stdscr(void) { return stdscr; }
static inline int quire_colors(void) { return COLORS; }
static inline int quire_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *quire_stdin(void) { return stdin; }
static inline FILE *quire_stdout(void) { return stdout; }
