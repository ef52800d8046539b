# Writes OUT, a C file holding the files DIR/NAME.EXT (NAMES is a comma
# list) as a NULL-terminated table SYMBOL of TYPE {name, text}, declared in
# HEADER. Run at build time: cmake -P embed.cmake
string(REPLACE "," ";" NAMES "${NAMES}")
set(body "/* Generated from ${EXT} files by embed.cmake; do not edit. */\n#include \"${HEADER}\"\n\n")
set(table "const ${TYPE} ${SYMBOL}[] = {\n")
foreach(name IN LISTS NAMES)
  file(READ "${DIR}/${name}.${EXT}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(MAKE_C_IDENTIFIER "${name}" id)
  string(APPEND body "static const char file_${id}[] = {${bytes}0};\n")
  string(APPEND table "    {\"${name}\", file_${id}},\n")
endforeach()
string(APPEND table "    {0, 0},\n};\n")
file(WRITE "${OUT}.new" "${body}\n${table}")
file(COPY_FILE "${OUT}.new" "${OUT}" ONLY_IF_DIFFERENT)
