# The Debian package: `cpack -G DEB` in the build folder makes
# backpressure-lab_VERSION_ARCH.deb from what `cmake --install` installs.
set(CPACK_PACKAGE_NAME backpressure-lab)
set(CPACK_PACKAGE_VENDOR "The Backpressure Lab authors")
set(CPACK_PACKAGE_CONTACT "The Backpressure Lab authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The package installs where the build said it would be installed: the guide
# and the man pages name those paths (the default preset sets /usr).
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the text under it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Backpressure Lab runs a pipeline of Node.js streams (a Readable producer,
transforms and a Writable consumer, wired with pipe(), pipeline() or by hand)
on a virtual clock and shows each buffer filling against its highWaterMark,
every pause, resume and drain, and the memory the process would hold, exactly
as Node.js ${BPLAB_NODE24_VERSION} and ${BPLAB_NODE20_VERSION} run it.

The package holds the desktop app (bplab), the command-line runner
(bplab-cli), example scenarios and the harness that runs a scenario on real
Node.js.")
# The shared libraries the programs link, found by dpkg-shlibdeps (dpkg-dev)...
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# ...and what the app loads at run time, which dpkg-shlibdeps cannot see: Qt's
# platform plugins (xcb, wayland, offscreen) and a font for the charts' text.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, fonts-dejavu-core")
# Running a scenario on real Node.js is optional.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nodejs")

set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
