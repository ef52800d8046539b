/* The Chinese descriptions of the fields, for the workbook's 说明 sheet
 * (field_notes.c). */
#ifndef GK_WORKBOOK_FIELD_NOTES_H
#define GK_WORKBOOK_FIELD_NOTES_H

/* The Chinese description of a field, by its path without [] marks
 * ("projects.unit.code"), in static storage; NULL when it has none (its
 * doc in model/fields.c is Chinese already). */
const char *gk_workbook_field_note(const char *plain_path);

#endif
