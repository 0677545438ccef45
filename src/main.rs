fn main() {
    readby7::ui::mount();
}
