# Integration suite: `binsift decode` against binlogs written by real,
# throwaway MariaDB servers (tools/mariadb-sandbox.sh); skipped when
# mariadb-server is not installed. Starts six servers, two at a time.
bs_script_test(integration/decode_mariadb integration
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_decode_mariadb.py)
set_tests_properties(integration/decode_mariadb PROPERTIES TIMEOUT 600)
# `binsift check` seed scenarios (issue 4) on throwaway MariaDB servers.
bs_script_test(integration/check_multi_source integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_scenarios.py multi_source)
bs_script_test(integration/check_shard_merge integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_scenarios.py shard_merge)
bs_script_test(integration/check_incremental integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_scenarios.py incremental)
bs_script_test(integration/check_downstream integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_scenarios.py downstream)
bs_script_test(integration/check_bad_input integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_scenarios.py bad_input)
bs_script_test(integration/tracker_mariadb integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_tracker_mariadb.py)
