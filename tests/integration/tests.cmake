# Integration suite: `binsift decode` against binlogs written by real,
# throwaway MariaDB servers (tools/mariadb-sandbox.sh); skipped when
# mariadb-server is not installed. Starts six servers, two at a time.
bs_script_test(integration/decode_mariadb integration
  ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_decode_mariadb.py)
set_tests_properties(integration/decode_mariadb PROPERTIES TIMEOUT 600)
bs_script_test(integration/tracker_mariadb integration ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration/test_tracker_mariadb.py)
