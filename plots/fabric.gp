# Common style of fabric plots (loaded by fabric-plot before each figure).
set encoding utf8
set grid lc rgb '#d0d0d0'
set border lw 1.2
set key top left box opaque
set style line 1 lc rgb '#c0392b' lw 2.5 pt 7
set style line 2 lc rgb '#2471a3' lw 2.5 pt 5
set style line 3 lc rgb '#27ae60' lw 2.5 pt 9
set style line 4 lc rgb '#8e44ad' lw 2.5 pt 11
set style line 5 lc rgb '#d68910' lw 2.5 pt 13
set style line 6 lc rgb '#566573' lw 2.5 pt 3
