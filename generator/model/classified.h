/* The 类 list of the fixed lines of 表1 and 表4 (issue 11), compiled in from
 * templates/classes.list; classified.c reads it (model.h declares what it
 * does with it). */
#ifndef GK_CLASSIFIED_H
#define GK_CLASSIFIED_H

#include "rules.h"

/* {"classes", text}, then {NULL, NULL} */
extern const gk_builtin_rules gk_builtin_class_lists[];

#endif
