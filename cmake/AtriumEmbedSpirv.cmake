# Turns a SPIR-V binary (SPV) into a comma-separated list of uint32 literals (INC) that a
# .cpp includes inside an array initialiser. SPIR-V words are little-endian.
file(READ ${SPV} _hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])([0-9a-f][0-9a-f])([0-9a-f][0-9a-f])([0-9a-f][0-9a-f])"
       "0x\\4\\3\\2\\1u," _out "${_hex}")
file(WRITE ${INC} "${_out}\n")
