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
# `binsift check` conflicts (issue 5) on throwaway MariaDB servers: key
# collisions, extract columns in the key, auto-increment offsets, a filtered
# DELETE, shard-mode "" DDL on merged tables.
bs_script_test(integration/check_conflicts_keys integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_conflicts.py keys)
bs_script_test(integration/check_conflicts_keys_extract integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_conflicts.py keys_extract)
bs_script_test(integration/check_conflicts_keys_offsets integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_conflicts.py keys_offsets)
bs_script_test(integration/check_conflicts_filtered_delete integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_conflicts.py filtered_delete)
bs_script_test(integration/check_conflicts_merged_ddl integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_conflicts.py merged_ddl)
bs_script_test(integration/check_pessimistic integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_check_pessimistic.py)
