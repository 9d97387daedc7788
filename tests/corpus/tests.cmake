# Corpus suites: the shared real-binlog fixtures (skipped when ../shared is
# absent) and the committed broken-input corpus in tests/data/broken.
bs_script_test(corpus/fixtures corpus
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/test_fixtures.py)
bs_script_test(corpus/broken corpus
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/test_broken.py)
# The DM task and source files of ../shared/dm-configs, each against the
# outcome DM gives it (skipped without ../shared).
add_executable(corpus_dm_configs ${CMAKE_CURRENT_SOURCE_DIR}/corpus/test_dm_configs.c)
target_link_libraries(corpus_dm_configs PRIVATE libbinsift PkgConfig::CMOCKA)
bs_script_test(corpus/dm_configs corpus $<TARGET_FILE:corpus_dm_configs>)
# The DDL parser over every QUERY text of the fixtures is a cmocka program
# (tests/unit/schema/test_ddl_corpus.c); it needs the corpus location and
# exits 77 without it.
if(TEST unit/schema/test_ddl_corpus)
  set_tests_properties(unit/schema/test_ddl_corpus PROPERTIES SKIP_RETURN_CODE 77
    ENVIRONMENT "BINSIFT_SHARED=${BS_SHARED_DIR}" LABELS "unit;corpus")
endif()
# The QUERY-event decision over the same texts (tests/unit/rules/test_query_corpus.c).
if(TEST unit/rules/test_query_corpus)
  set_tests_properties(unit/rules/test_query_corpus PROPERTIES SKIP_RETURN_CODE 77
    ENVIRONMENT "BINSIFT_SHARED=${BS_SHARED_DIR}" LABELS "unit;corpus")
endif()
# The schema tracker over the same DDL (tests/unit/schema/test_tracker_corpus.c).
if(TEST unit/schema/test_tracker_corpus)
  set_tests_properties(unit/schema/test_tracker_corpus PROPERTIES SKIP_RETURN_CODE 77
    ENVIRONMENT "BINSIFT_SHARED=${BS_SHARED_DIR}" LABELS "unit;corpus")
endif()
# `binsift check` over every fixture: 0/1 always, 2 exactly when decode -v fails.
bs_script_test(corpus/check_fixtures corpus
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/test_check_fixtures.py)
