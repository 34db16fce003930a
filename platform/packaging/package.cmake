# Two Debian packages, one per CPack component: `tools/dev package` (cpack in the build
# folder) writes build/heard_VERSION_ARCH.deb (component kiosk) and
# build/heard-hub_VERSION_ARCH.deb (component hub). Included at the end of the root
# CMakeLists.txt so every target exists by now; install(TARGETS) may name targets made in
# other folders.
#
# heard, on the device:
#   /usr/bin/heard-kiosk, heardctl
#   /usr/share/heard/            survey.json, i18n/   (HEARD_ASSETS_DIR in the units)
#   /lib/systemd/system/         heard-kiosk.service, heard-kiosk-cage.service
#   /etc/heard/heard.conf        the device configuration (a conffile; every key explained)
#   /var/lib/heard/              responses (made by postinst, kept on purge)
#   /usr/share/doc/heard/        README.md, README.Debian, copyright, changelog.gz
#   /usr/share/man/man1/         one page per program (when help2man is installed)
# heard-hub, on the head-office server (no SDL, no fonts):
#   /usr/bin/heard-hub
#   /usr/share/heard-hub/console/  the console's files, uPlot included (the build's console/)
#   /lib/systemd/system/heard-hub.service
#   /etc/heard/hub.toml          the sites (a conffile)
#   /var/lib/heard-hub/          the hub's database (made by postinst, kept on purge)
#   /usr/share/doc/heard-hub/    README.Debian, copyright, changelog.gz

set(HEARD_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(HEARD_PACKAGE_MAINTAINER "Heard maintainers <maintainers@heard.example>"
  CACHE STRING "Maintainer field of the .deb (name <email>)")

foreach(program heard-kiosk heardctl)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION bin COMPONENT kiosk)
  endif()
endforeach()

install(FILES ${CMAKE_SOURCE_DIR}/assets/survey.json ${CMAKE_SOURCE_DIR}/assets/stopwords.json DESTINATION share/heard
        COMPONENT kiosk)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/i18n DESTINATION share/heard COMPONENT kiosk FILES_MATCHING PATTERN "*.json")
install(FILES
  ${CMAKE_SOURCE_DIR}/platform/systemd/heard-kiosk.service
  ${CMAKE_SOURCE_DIR}/platform/systemd/heard-kiosk-cage.service
  DESTINATION /lib/systemd/system COMPONENT kiosk)
install(FILES ${HEARD_PACKAGING_DIR}/heard.conf.example DESTINATION /etc/heard RENAME heard.conf COMPONENT kiosk)

# The hub's package. Its console is the build's console/ folder (tools/heard-hub/CMakeLists.txt
# copies our files and uPlot's from node_modules there), less npm's own files.
install(TARGETS heard-hub RUNTIME DESTINATION bin COMPONENT hub)
install(DIRECTORY ${CMAKE_BINARY_DIR}/console/ DESTINATION share/heard-hub/console COMPONENT hub
        PATTERN "package.json" EXCLUDE PATTERN "package-lock.json" EXCLUDE)
install(FILES ${CMAKE_SOURCE_DIR}/platform/systemd/heard-hub.service DESTINATION /lib/systemd/system COMPONENT hub)
install(FILES ${HEARD_PACKAGING_DIR}/hub.toml.example DESTINATION /etc/heard RENAME hub.toml COMPONENT hub)

# Debian wants a copyright file and, for a native package, a gzipped changelog in the doc
# folder (lintian checks both). gzip -n leaves out the time stamp; CMake takes the date from
# SOURCE_DATE_EPOCH when it is set, so the same sources can give the same package.
string(TIMESTAMP HEARD_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(HEARD_PACKAGE_NAME heard heard-hub)
  set(changelog ${CMAKE_BINARY_DIR}/packaging/${HEARD_PACKAGE_NAME}/changelog)
  configure_file(${HEARD_PACKAGING_DIR}/changelog.in ${changelog} @ONLY)
  execute_process(COMMAND gzip -9 -n -f -k ${changelog} RESULT_VARIABLE heard_gzip_result)
  if(NOT heard_gzip_result EQUAL 0)
    message(FATAL_ERROR "gzip failed on ${changelog}")
  endif()
endforeach()
install(FILES
  ${CMAKE_SOURCE_DIR}/README.md
  ${HEARD_PACKAGING_DIR}/README.Debian
  ${HEARD_PACKAGING_DIR}/copyright
  ${CMAKE_BINARY_DIR}/packaging/heard/changelog.gz
  DESTINATION share/doc/heard COMPONENT kiosk)
install(FILES
  ${HEARD_PACKAGING_DIR}/hub/README.Debian
  ${HEARD_PACKAGING_DIR}/copyright
  ${CMAKE_BINARY_DIR}/packaging/heard-hub/changelog.gz
  DESTINATION share/doc/heard-hub COMPONENT hub)

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
      set(component kiosk)
      if(program STREQUAL "heard-hub")
        set(component hub)
      endif()
      install(FILES ${page}.gz DESTINATION share/man/man1 COMPONENT ${component})
    endif()
  endforeach()
  add_custom_target(heard_man_pages ALL DEPENDS ${heard_man_pages})
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk hub)
set(CPACK_PACKAGE_NAME heard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR})
# Release binaries without debug sections: a kiosk's disk is small (lintian also asks for it).
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HEARD_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# dpkg-shlibdeps works out the library packages from the binaries (per package, so the hub's
# has no SDL); postinst makes the package's user with adduser.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Files in the package belong to root whatever user ran cpack.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# heard: the kiosk. The first line of a description is the synopsis; CPack indents the
# rest and marks the empty line with ".".
set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME heard)
string(CONCAT CPACK_COMPONENT_KIOSK_DESCRIPTION
  "customer-feedback kiosk for touch screens\n"
  "Heard lets a customer rate a visit in one tap on a touch screen and, when\n"
  "something went wrong, say what happened. Responses are saved on the device\n"
  "first (SQLite) and then synced to a head-office hub.\n"
  "\n"
  "This package holds the kiosk program (SDL2 on KMS/DRM or under the cage\n"
  "Wayland compositor), heardctl for exports and checks, and their systemd\n"
  "units. The head office's hub is the heard-hub package.")
# The fonts are opened at run time, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "adduser, fonts-dejavu-core")
set(CPACK_DEBIAN_KIOSK_PACKAGE_SUGGESTS "cage, fonts-noto-core")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  ${HEARD_PACKAGING_DIR}/postinst
  ${HEARD_PACKAGING_DIR}/prerm
  ${HEARD_PACKAGING_DIR}/postrm
  ${CMAKE_BINARY_DIR}/packaging/heard/conffiles)
# dpkg keeps an installer's edits of heard.conf across upgrades (and asks about conflicts).
file(WRITE ${CMAKE_BINARY_DIR}/packaging/heard/conffiles "/etc/heard/heard.conf\n")

# heard-hub: the head office's hub and console.
set(CPACK_DEBIAN_HUB_PACKAGE_NAME heard-hub)
set(CPACK_DEBIAN_HUB_PACKAGE_SECTION web)
string(CONCAT CPACK_COMPONENT_HUB_DESCRIPTION
  "head-office hub and web console for Heard kiosks\n"
  "The hub receives the responses, follow-ups and heartbeats that Heard kiosks\n"
  "sync, and serves the managers' web console (overview, follow-up inbox,\n"
  "responses) from its own files, with no CDN. People sign in with a name and\n"
  "password; kiosks with their own tokens.\n"
  "\n"
  "This package holds heard-hub, the console's files, an example hub.toml and\n"
  "a hardened systemd unit (not enabled until TLS is set up).")
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
  ${HEARD_PACKAGING_DIR}/hub/postinst
  ${HEARD_PACKAGING_DIR}/hub/prerm
  ${HEARD_PACKAGING_DIR}/hub/postrm
  ${CMAKE_BINARY_DIR}/packaging/heard-hub/conffiles)
file(WRITE ${CMAKE_BINARY_DIR}/packaging/heard-hub/conffiles "/etc/heard/hub.toml\n")

include(CPack)
