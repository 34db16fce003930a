# The Debian package "heard": `tools/dev package` (cpack in the build folder) writes
# build/heard_VERSION_ARCH.deb. Included at the end of the root CMakeLists.txt so every
# target exists by now; install(TARGETS) may name targets made in other folders.
#
# Layout on the device:
#   /usr/bin/heard-kiosk, heardctl, heard-hub
#   /usr/share/heard/            survey.json, i18n/   (HEARD_ASSETS_DIR in the units)
#   /lib/systemd/system/         heard-kiosk.service, heard-kiosk-cage.service, heard-hub.service
#   /etc/heard/heard.conf        the device configuration (a conffile; every key explained)
#   /var/lib/heard/              responses (made by postinst, kept on purge)
#   /usr/share/doc/heard/        README.md, README.Debian, copyright, changelog.gz
#   /usr/share/man/man1/         one page per program (when help2man is installed)

set(HEARD_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(HEARD_PACKAGE_MAINTAINER "Heard maintainers <maintainers@heard.example>"
  CACHE STRING "Maintainer field of the .deb (name <email>)")

foreach(program heard-kiosk heardctl heard-hub)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION bin)
  endif()
endforeach()

install(FILES ${CMAKE_SOURCE_DIR}/assets/survey.json ${CMAKE_SOURCE_DIR}/assets/stopwords.json DESTINATION share/heard)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/i18n DESTINATION share/heard FILES_MATCHING PATTERN "*.json")
install(FILES
  ${CMAKE_SOURCE_DIR}/platform/systemd/heard-kiosk.service
  ${CMAKE_SOURCE_DIR}/platform/systemd/heard-kiosk-cage.service
  ${CMAKE_SOURCE_DIR}/platform/systemd/heard-hub.service
  DESTINATION /lib/systemd/system)
install(FILES ${HEARD_PACKAGING_DIR}/heard.conf.example DESTINATION /etc/heard RENAME heard.conf)

# Debian wants a copyright file and, for a native package, a gzipped changelog in the doc
# folder (lintian checks both). gzip -n leaves out the time stamp; CMake takes the date from
# SOURCE_DATE_EPOCH when it is set, so the same sources can give the same package.
string(TIMESTAMP HEARD_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${HEARD_PACKAGING_DIR}/changelog.in ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
execute_process(
  COMMAND gzip -9 -n -f -k ${CMAKE_BINARY_DIR}/packaging/changelog
  RESULT_VARIABLE heard_gzip_result)
if(NOT heard_gzip_result EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${CMAKE_BINARY_DIR}/packaging/changelog")
endif()
install(FILES
  ${CMAKE_SOURCE_DIR}/README.md
  ${HEARD_PACKAGING_DIR}/README.Debian
  ${HEARD_PACKAGING_DIR}/copyright
  ${CMAKE_BINARY_DIR}/packaging/changelog.gz
  DESTINATION share/doc/heard)

# Manual pages made from each program's --help by help2man, so they cannot drift from it.
# It runs the programs: a cross build does so through its emulator (qemu-user), by way of a
# wrapper named like the program; a cross build without one ships no man pages.
find_program(HEARD_HELP2MAN help2man)
if(HEARD_HELP2MAN AND (NOT CMAKE_CROSSCOMPILING OR CMAKE_CROSSCOMPILING_EMULATOR))
  set(heard_man_heard-kiosk "customer-feedback kiosk (touch screen)")
  set(heard_man_heardctl "export, check and sync a Heard kiosk database")
  set(heard_man_heard-hub "head-office receiver for Heard kiosks")
  string(JOIN " " heard_emulator ${CMAKE_CROSSCOMPILING_EMULATOR})
  set(heard_man_pages)
  foreach(program heard-kiosk heardctl heard-hub)
    if(TARGET ${program})
      set(page ${CMAKE_BINARY_DIR}/packaging/${program}.1)
      set(runnable $<TARGET_FILE:${program}>)
      if(CMAKE_CROSSCOMPILING)
        set(runnable ${CMAKE_BINARY_DIR}/packaging/emulated/${program})
        file(GENERATE OUTPUT ${runnable}
          CONTENT "#!/bin/sh\nexec ${heard_emulator} $<TARGET_FILE:${program}> \"$@\"\n"
          FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
      endif()
      add_custom_command(OUTPUT ${page}.gz
        COMMAND ${HEARD_HELP2MAN} --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
                "--name=${heard_man_${program}}" --output=${page} ${runnable}
        COMMAND gzip -9 -n -f ${page}
        DEPENDS ${program}
        VERBATIM)
      list(APPEND heard_man_pages ${page}.gz)
    endif()
  endforeach()
  add_custom_target(heard_man_pages ALL DEPENDS ${heard_man_pages})
  install(FILES ${heard_man_pages} DESTINATION share/man/man1)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME heard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR})
# Release binaries without debug sections: a kiosk's disk is small (lintian also asks for it).
set(CPACK_STRIP_FILES ON)
# The first line is the synopsis; CPack indents the rest and marks the empty line with ".".
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "customer-feedback kiosk for touch screens\n"
  "Heard lets a customer rate a visit in one tap on a touch screen and, when\n"
  "something went wrong, say what happened. Responses are saved on the device\n"
  "first (SQLite) and then synced to a head-office hub.\n"
  "\n"
  "This package holds the kiosk program (SDL2 on KMS/DRM or under the cage\n"
  "Wayland compositor), heardctl for exports and checks, the heard-hub\n"
  "receiver, and their systemd units.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HEARD_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# dpkg-shlibdeps works out the library packages from the binaries; the fonts are opened
# at run time, and postinst makes the "heard" user with adduser.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cage, fonts-noto-core")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${HEARD_PACKAGING_DIR}/postinst
  ${HEARD_PACKAGING_DIR}/prerm
  ${HEARD_PACKAGING_DIR}/postrm
  ${CMAKE_BINARY_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# dpkg keeps an installer's edits of heard.conf across upgrades (and asks about conflicts).
file(WRITE ${CMAKE_BINARY_DIR}/packaging/conffiles "/etc/heard/heard.conf\n")
# Files in the package belong to root whatever user ran cpack.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

include(CPack)
