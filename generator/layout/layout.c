#include "layout.h"

/* The layout engine comes with the PDF renderer (issue 5). */
typedef int gk_layout_placeholder;
