/* gongkai workbook: the clerk's fill-in workbook (workbook/workbook.h). */
#ifndef GK_CLI_WORKBOOK_CMD_H
#define GK_CLI_WORKBOOK_CMD_H

int gk_cli_workbook(int argc, char **argv);

#endif
