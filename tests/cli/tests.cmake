# CLI suite: `binsift decode` inputs, positions, formats and usage, driven on
# examples/mariadb-bin.000001 and copies of it.
bs_script_test(cli/decode cli
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_decode_cli.py)
bs_script_test(cli/explain cli
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_explain.py)
bs_script_test(cli/lint cli
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_lint.py)
bs_script_test(cli/check cli
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_check.py)
