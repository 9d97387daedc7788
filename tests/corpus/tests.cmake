# Corpus suites: the shared real-binlog fixtures (skipped when ../shared is
# absent) and the committed broken-input corpus in tests/data/broken.
bs_script_test(corpus/fixtures corpus
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/test_fixtures.py)
bs_script_test(corpus/broken corpus
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/test_broken.py)
